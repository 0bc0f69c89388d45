/**
 * `npm run bench`: starts its own DynamoDB Local, runs every benchmark and prints each
 * figure with its same-run baseline and ratio. Record the figures in docs/performance.md.
 * BENCH_QUERY_EVENTS sets the query data set (default 200000; 0 skips the query section).
 * BENCH_ARCHIVE_EVENTS sets the archived events (default 1000000; 0 skips the archive section).
 */
import { createLocalClients } from '../local/clients';
import { ensureAuditTable } from '../local/create-table';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import type { TestTable } from '../test/setup/table';
import { benchArchive } from './archive-bench';
import { benchBundles } from './bundle-bench';
import { benchClient } from './client-bench';
import { benchConsoleVerify } from './console-verify-bench';
import { printRows } from './harness';
import { benchCoreCpu, benchWriterThroughput } from './ingest-bench';
import { benchIngestToSeal, benchIntegrityCpu } from './integrity-bench';
import { benchLogProofs } from './log-bench';
import { benchPrivacyIngest, benchSealingCpu } from './privacy-bench';
import { benchPythonClient } from './python-client-bench';
import { benchQueryPaths } from './query-bench';
import { benchSiem } from './siem-bench';
import { benchStorage } from './storage-bench';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

const queryEvents = Number(process.env.BENCH_QUERY_EVENTS ?? 200_000);
const archiveEvents = Number(process.env.BENCH_ARCHIVE_EVENTS ?? 1_000_000);

async function main(): Promise<void> {
  console.log(`# DMIS audit benchmarks — node ${process.version}, ${new Date().toISOString()}`);
  printRows('Writer core CPU (one core)', await benchCoreCpu());
  printRows('Sealing and verification CPU (one core)', await benchIntegrityCpu());
  printRows('Personal-data sealing CPU (one core)', await benchSealingCpu());
  printRows('One growing log (consistency proofs from tiles)', await benchLogProofs());
  printRows('Console verification of one event (WebCrypto)', await benchConsoleVerify());
  printRows('Lambda bundles (esbuild, CDK options)', await benchBundles());
  const dynamodb = await startDynamoDbLocal();
  try {
    const { client, documentClient } = createLocalClients(dynamodb.endpoint);
    const table = async (name: string): Promise<TestTable> => {
      const tableName = `bench-${name}-${Date.now()}`;
      await ensureAuditTable(client, tableName);
      return { tableName, client, documentClient, endpoint: dynamodb.endpoint };
    };
    printRows('Writer throughput on DynamoDB Local', await benchWriterThroughput(await table('writer')));
    printRows('Storage per event: lean projections and hot window (baseline: ALL projections)', await benchStorage(await table('storage')));
    printRows('Ingest with personal-data sealing (DynamoDB Local)', await benchPrivacyIngest(await table('privacy')));
    printRows('Ingest to sealed block (local stack)', await benchIngestToSeal(await table('seal')));
    printRows('TypeScript client (local API, SigV4)', await benchClient(await table('client')));
    printRows('SIEM forwarder to rsyslog (loopback TLS)', await benchSiem(await table('siem')));
    const pythonRows = await benchPythonClient();
    if (pythonRows) printRows('Python client (record() latency, no API)', pythonRows);
    if (archiveEvents > 0) {
      printRows('Archive tier: DuckDB over the partitioned archive, NDJSON.gz vs Parquet', await benchArchive(await table('archive'), archiveEvents));
    }
    if (queryEvents > 0) {
      const { load, queries } = await benchQueryPaths(await table('query'), queryEvents);
      printRows('Query data set (DynamoDB Local)', load);
      printRows('Auditor queries (use case vs raw Query)', queries);
    }
  } finally {
    await dynamodb.stop();
  }
}

await main();
