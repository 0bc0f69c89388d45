/**
 * `npm run bench`: starts its own DynamoDB Local, runs every benchmark and prints each
 * figure with its same-run baseline and ratio. Record the figures in docs/performance.md.
 */
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { createLocalClients } from '../local/clients';
import { ensureAuditTable } from '../local/create-table';
import { benchBundles } from './bundle-bench';
import { printRows } from './harness';
import { benchCoreCpu, benchWriterThroughput } from './ingest-bench';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

async function main(): Promise<void> {
  console.log(`# DMIS audit benchmarks — node ${process.version}, ${new Date().toISOString()}`);
  printRows('Core CPU (one core)', await benchCoreCpu());
  printRows('Lambda bundles (esbuild, CDK options)', await benchBundles());
  const dynamodb = await startDynamoDbLocal();
  try {
    const { client, documentClient } = createLocalClients(dynamodb.endpoint);
    const tableName = `bench-${Date.now()}`;
    await ensureAuditTable(client, tableName);
    const table = { tableName, client, documentClient, endpoint: dynamodb.endpoint };
    printRows('Writer throughput on DynamoDB Local', await benchWriterThroughput(table));
  } finally {
    await dynamodb.stop();
  }
}

await main();
