/**
 * The local runtime: DynamoDB Local, the audit table, credentials, monitoring (the stream
 * poller feeding the stream processor), the API and the sealer timer, started in order and
 * stopped in reverse. Each function is built by the same composition builder as its Lambda
 * (lambdas/composition/), over local adapters. `npm start` (bin/local.ts) and the
 * integration tests both use it.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { DuckDbArchiveReader } from '../lambdas/adapters/duckdb/duckdb-archive-reader';
import { fileCursorKey } from '../lambdas/adapters/local/file-cursor-key';
import { buildAuditServices } from '../lambdas/composition/audit-services';
import { buildIngestServices } from '../lambdas/composition/ingest-services';
import { buildSealerServices } from '../lambdas/composition/sealer';
import { createIngestHandler } from '../lambdas/functions/ingest/handler';
import { createQueryHandler } from '../lambdas/functions/query/handler';
import { createLocalClients } from './clients';
import { ensureAuditTable } from './create-table';
import { createAuthenticator, loadOrCreateCredentials, type LocalCredentials } from './credentials';
import { startDynamoDbLocal } from './dynamodb-local';
import { startLocalApi, type ApiHandler } from './http-server';
import { createSigV4Verifier } from './sigv4-auth';
import { localArchiveDir, openLocalIntegrity, startSealerTimer } from './sealer-timer';
import { startTtlReaper } from './ttl-reaper';
import { startLocalMonitoring } from './monitoring';
import { startLocalReports, tableCreatedAt } from './reports';
import { startLocalConsole } from './console';
import { startLocalSiem } from './siem';
import { openLocalPrivacy, startPrivacySweep } from './privacy';
import { localHotWindowSeconds } from './hot-window';

/** How to run the local system. */
export interface LocalRuntimeOptions {
  /** Folder for data, credentials and runtime.json (`.local` for npm start). */
  readonly localDir: string;
  /** API port; 0 picks a free one. */
  readonly port: number;
  readonly tableName: string;
  /** Seconds an event stays in the table. @default DMIS_HOT_WINDOW_SECONDS, else the deployed default (local/hot-window.ts) */
  readonly hotWindowSeconds?: number;
  /** The read side's (query and privacy functions) and the TTL reaper's clock: tests move it past the hot window. @default the system clock */
  readonly clock?: () => Date;
}

/** Something the runtime started and must stop. */
export interface RuntimeComponent {
  readonly name: string;
  stop(): Promise<void>;
}

/** Where a running local system can be reached; written to `<localDir>/runtime.json`. */
export interface RuntimeInfo {
  readonly apiUrl: string;
  readonly dynamodbEndpoint: string;
  readonly tableName: string;
  /** The subject key store's table (local/privacy.ts). */
  readonly subjectKeyTableName: string;
  /** Seconds an event stays in the table before only the archive holds it. */
  readonly hotWindowSeconds: number;
}

/** A running local system. */
export interface LocalRuntime extends RuntimeInfo {
  readonly credentials: LocalCredentials;
  /** Deletes the event items whose hot window has ended, as DynamoDB's TTL would; resolves with how many. */
  reapExpiredEvents(): Promise<number>;
  /** Stops every component, newest first. */
  stop(): Promise<void>;
}

/** Starts the whole local system; on a failure part-way, stops what had started. */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const localDir = resolve(options.localDir);
  const components: RuntimeComponent[] = [];
  const stopAll = () => stopComponents(components);
  try {
    const dynamodb = await startDynamoDbLocal({ dataDir: join(localDir, 'dynamodb') });
    components.push({ name: 'dynamodb-local', stop: dynamodb.stop });
    const { client, documentClient } = createLocalClients(dynamodb.endpoint);
    components.push({ name: 'dynamodb-clients', stop: async () => client.destroy() });
    await ensureAuditTable(client, options.tableName);
    const credentials = await loadOrCreateCredentials(localDir);
    const integrity = await openLocalIntegrity(localDir);
    const hotWindowSeconds = localHotWindowSeconds(options.hotWindowSeconds);
    const table = { documentClient, tableName: options.tableName, hotWindowSeconds };
    // Periods older than the hot window are read from the archive folder with DuckDB.
    const archiveReader = new DuckDbArchiveReader(localArchiveDir(localDir));
    components.push({ name: 'archive-reader', stop: () => archiveReader.close() });
    // Personal fields sealed at ingest, the privacy officer's routes (docs/security/privacy.md).
    const archive = { reader: archiveReader, hotWindowSeconds };
    const clock = options.clock ? { clock: options.clock } : {};
    const privacy = await openLocalPrivacy({ ...table, localDir, client, integrity, archive, ...clock });
    const query = buildAuditServices({
      ...table,
      ...clock,
      integrity,
      personalData: privacy.subjectKeys,
      // Cursors stay valid across restarts: the key lives in .local/ like the data.
      // Search by ip hashes the address with the blind-index secret ingest seals with.
      query: { cursorKey: fileCursorKey(localDir), blindIndexKey: privacy.subjectKeys.blindIndexKey, archive },
    });
    // Stream processor on the table's real stream, local alarms and notifications (MONITORING.md).
    const monitoring = await startLocalMonitoring({ localDir, endpoint: dynamodb.endpoint, client, documentClient, tableName: options.tableName });
    components.push({ name: 'monitoring', stop: monitoring.stop });
    // The SIEM forwarder, when .local/siem.json exists: its own stream reader (docs/siem.md).
    const siem = await startLocalSiem({ localDir, endpoint: dynamodb.endpoint, client, tableName: options.tableName });
    if (siem) components.push({ name: 'siem-forwarder', stop: siem.stop });
    const api = await startLocalApi({
      port: options.port,
      authenticate: createAuthenticator(credentials),
      verifySigV4: createSigV4Verifier(credentials.sigv4),
      handlers: {
        ingest: apiGatewayOnly(createIngestHandler(buildIngestServices({ ...table, personalData: privacy.subjectKeys }))),
        query: createQueryHandler(query),
        alarms: monitoring.alarms.handler,
        privacy: privacy.handler,
      },
      personalDataGrants: privacy.settings,
      // The auditor console at /console (built into <localDir>/console).
      site: await startLocalConsole(localDir),
    });
    components.push({ name: 'api', stop: api.stop });
    components.push(startPrivacySweep(privacy.services));
    // DynamoDB Local keeps expired items: the reaper removes events past their hot window.
    const reaper = startTtlReaper({ documentClient, tableName: options.tableName, ...clock });
    components.push(reaper);
    components.push(startSealerTimer({ sealer: buildSealerServices({ ...table, ...integrity }) }));
    // The security team's daily and weekly reports in <localDir>/reports/ (docs/api.md, Scheduled reports).
    components.push(startLocalReports({ ...table, localDir, integrity, notBefore: await tableCreatedAt(client, options.tableName) }));
    const info: RuntimeInfo = {
      apiUrl: api.url, dynamodbEndpoint: dynamodb.endpoint, tableName: options.tableName, subjectKeyTableName: privacy.subjectKeyTableName, hotWindowSeconds,
    };
    await writeFile(join(localDir, 'runtime.json'), `${JSON.stringify(info, null, 2)}\n`);
    return { ...info, credentials, reapExpiredEvents: reaper.reapNow, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Stops components newest first, each once, and keeps going past a failing one. */
async function stopComponents(components: RuntimeComponent[]): Promise<void> {
  while (components.length > 0) {
    const component = components.pop() as RuntimeComponent;
    await component.stop().catch((error: unknown) => console.error(`local runtime: stopping ${component.name} failed`, error));
  }
}

/**
 * The ingest handler also serves direct invokes, so its result type is a union; given an
 * API Gateway event it returns an API Gateway result, which this checks rather than assumes.
 */
function apiGatewayOnly(handler: (event: APIGatewayProxyEvent) => Promise<unknown>): ApiHandler {
  return async (event) => {
    const result = (await handler(event)) as Partial<APIGatewayProxyResult>;
    if (typeof result.statusCode !== 'number' || typeof result.body !== 'string') {
      throw new Error('handler did not return an API Gateway proxy result');
    }
    return result as APIGatewayProxyResult;
  };
}
