/**
 * Query benchmarks on their own: `npx tsx bench/query-run.ts [events]` (default 200000, or
 * BENCH_QUERY_EVENTS). Starts its own in-memory DynamoDB Local. `npm run bench` runs the
 * same `benchQueryPaths`.
 */
import { createLocalClients } from '../local/clients';
import { ensureAuditTable } from '../local/create-table';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { printRows } from './harness';
import { benchQueryPaths } from './query-bench';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

const events = Number(process.argv[2] ?? process.env.BENCH_QUERY_EVENTS ?? 200_000);
const dynamodb = await startDynamoDbLocal();
try {
  const { client, documentClient } = createLocalClients(dynamodb.endpoint);
  const tableName = `bench-query-${Date.now()}`;
  await ensureAuditTable(client, tableName);
  const { load, queries } = await benchQueryPaths({ tableName, client, documentClient, endpoint: dynamodb.endpoint }, events);
  printRows('Query data set (DynamoDB Local)', load);
  printRows('Auditor queries (SearchEvents / ExportEvents vs raw Query)', queries);
} finally {
  await dynamodb.stop();
}
