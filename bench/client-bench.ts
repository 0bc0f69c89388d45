/**
 * The TypeScript client's cost, against the local writer API with SigV4, all in one run:
 * client `record()` throughput vs raw signed HTTP batches of 100 (target ≤ 5 % overhead),
 * `record()` p99 while the outbox is taking events (target ≤ 1 ms), one caller awaiting each
 * and 64 concurrent callers (group commit), both against the disk's own write + fdatasync of
 * one line, and the outbox's drain rate vs the raw batch throughput (target ≥ 0.9×).
 * BENCH_CLIENT_EVENTS (default 5000).
 */
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { AuditClient, events, httpsTransport, type EventDraft } from '../clients/typescript/src/index';
import { NodeSha256 } from '../lambdas/adapters/sigv4/node-sha256';
import { buildIngestServices } from '../lambdas/composition/ingest-services';
import { createIngestHandler } from '../lambdas/functions/ingest/handler';
import { jsonResponse } from '../lambdas/functions/shared/http-response';
import { createAuthenticator, loadOrCreateCredentials, type LocalCredentials } from '../local/credentials';
import { startLocalApi } from '../local/http-server';
import { createSigV4Verifier } from '../local/sigv4-auth';
import type { TestTable } from '../test/setup/table';
import { percentile, type BenchRow } from './harness';

const CONCURRENT_CALLERS = 64;

interface Quantiles {
  readonly p50: number;
  readonly p99: number;
}

const quantiles = (times: readonly number[]): Quantiles => ({ p50: percentile(times, 50), p99: percentile(times, 99) });

const draft = (seq: number): EventDraft => events.donationUpdate({ actor: { userId: 'bench' }, outcome: 'success', target: { type: 'donation', id: `DN-${seq}` }, metadata: { seq } });

/** Runs the client benchmarks on `table`. */
export async function benchClient(table: TestTable, count = Number(process.env.BENCH_CLIENT_EVENTS ?? 5000)): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'dmis-client-bench-'));
  const credentials = await loadOrCreateCredentials(dir);
  const ingest = createIngestHandler(buildIngestServices({ documentClient: table.documentClient, tableName: table.tableName }));
  const unused = async () => jsonResponse(404, {});
  const api = await startLocalApi({
    port: 0,
    authenticate: createAuthenticator(credentials),
    verifySigV4: createSigV4Verifier(credentials.sigv4),
    handlers: { ingest: async (event) => (await ingest(event)) as APIGatewayProxyResult, query: unused, alarms: unused },
  });
  const transport = () => httpsTransport({ endpoint: api.url, region: 'local', credentials: credentials.sigv4.writer });
  try {
    const raw = await rawBatches(api.url, credentials, count);
    const client = await clientThroughput(transport, count);
    const disk = await rawSyncLatency(join(dir, 'raw-sync'), count);
    const sequential = await queuedLatency(join(dir, 'outbox'), count, 1);
    const concurrent = await queuedLatency(join(dir, 'outbox'), count, CONCURRENT_CALLERS);
    const drain = await drainRate(transport, join(dir, 'outbox'), 2 * count);
    return [
      { name: 'raw signed HTTP batches of 100', value: raw, unit: 'events/s' },
      { name: 'client record() in batches of 100', value: client, unit: 'events/s', baseline: raw, target: '≥ 0.95×' },
      { name: 'raw append + fdatasync of one line, p50', value: disk.p50, unit: 'ms' },
      { name: 'raw append + fdatasync of one line, p99', value: disk.p99, unit: 'ms' },
      { name: 'record() to the outbox, 1 caller, p50', value: sequential.p50, unit: 'ms', baseline: disk.p50 },
      { name: 'record() to the outbox, 1 caller, p99', value: sequential.p99, unit: 'ms', baseline: disk.p99, target: '≤ 1 ms' },
      { name: `record() to the outbox, ${CONCURRENT_CALLERS} callers, p50`, value: concurrent.p50, unit: 'ms', baseline: disk.p50 },
      { name: `record() to the outbox, ${CONCURRENT_CALLERS} callers, p99`, value: concurrent.p99, unit: 'ms', baseline: disk.p99, target: '≤ 1 ms' },
      { name: `outbox appends per fdatasync, ${CONCURRENT_CALLERS} callers`, value: concurrent.perSync, unit: 'events' },
      { name: 'outbox drain', value: drain, unit: 'events/s', baseline: raw, target: '≥ 0.9×' },
    ];
  } finally {
    await api.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The baseline: hand-built `{"events": [100]}` bodies, signed and POSTed one after another. */
async function rawBatches(apiUrl: string, credentials: LocalCredentials, count: number): Promise<number> {
  const url = new URL(`${apiUrl}/v1/events`);
  const signer = new SignatureV4({ service: 'execute-api', region: 'local', credentials: credentials.sigv4.writer, sha256: NodeSha256 });
  const start = performance.now();
  for (let sent = 0; sent < count; sent += 100) {
    const batch = Array.from({ length: Math.min(100, count - sent) }, (_, i) => ({ ...draft(sent + i), eventId: crypto.randomUUID(), occurredAt: new Date().toISOString() }));
    const body = JSON.stringify({ events: batch });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers: { host: url.host, 'content-type': 'application/json' }, body });
    const { host: _host, ...headers } = signed.headers;
    const response = await fetch(url, { method: 'POST', headers, body });
    if (response.status !== 201) throw new Error(`raw batch answered ${response.status}`);
    await response.arrayBuffer();
  }
  return count / ((performance.now() - start) / 1000);
}

async function clientThroughput(transport: () => ReturnType<typeof httpsTransport>, count: number): Promise<number> {
  const client = await AuditClient.create({ transport: transport() });
  const start = performance.now();
  await Promise.all(Array.from({ length: count }, (_, seq) => client.record(draft(seq))));
  const rate = count / ((performance.now() - start) / 1000);
  await client.close();
  return rate;
}

/** The floor under any outbox: one line appended and fdatasync'd, awaited each time, on the same disk. */
async function rawSyncLatency(file: string, count: number): Promise<Quantiles> {
  const handle = await open(file, 'a', 0o600);
  const line = Buffer.from(`${JSON.stringify({ q: Date.now(), e: { ...draft(0), eventId: crypto.randomUUID() } })}\n`);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await handle.write(line);
    await handle.datasync();
    times.push(performance.now() - start);
  }
  await handle.close();
  return quantiles(times);
}

/**
 * record() latency while the API is unreachable and every event goes to the outbox:
 * `callers` loops, each awaiting its own records one after another, `count` records in all.
 */
async function queuedLatency(outboxDir: string, count: number, callers: number): Promise<Quantiles & { perSync: number }> {
  const unreachable = httpsTransport({ endpoint: 'http://127.0.0.1:9', region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const client = await AuditClient.create({ transport: unreachable, outbox: { dir: outboxDir }, retry: { maxAttempts: 1 }, drainBackoff: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
  await client.record(draft(-1)); // the failed send that turns the outbox on (or the spool left by the last run)
  const syncs = await countSyncs(outboxDir);
  const times: number[] = [];
  const caller = async (first: number) => {
    for (let seq = first; seq < count; seq += callers) {
      const start = performance.now();
      await client.record(draft(seq));
      times.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: callers }, (_, first) => caller(first)));
  const perSync = count / syncs.stop();
  await client.close();
  return { ...quantiles(times), perSync };
}

/** Counts the fdatasync calls of every file handle (the outbox's group commits) until `stop`. */
async function countSyncs(dir: string): Promise<{ stop: () => number }> {
  const probe = await open(join(dir, 'probe'), 'w');
  const prototype = Object.getPrototypeOf(probe) as FileHandle;
  await probe.close();
  const datasync = prototype.datasync;
  let calls = 0;
  prototype.datasync = function (this: FileHandle) {
    calls++;
    return datasync.call(this);
  };
  return {
    stop: () => {
      prototype.datasync = datasync;
      return calls;
    },
  };
}

async function drainRate(transport: () => ReturnType<typeof httpsTransport>, outboxDir: string, count: number): Promise<number> {
  const start = performance.now();
  const client = await AuditClient.create({ transport: transport(), outbox: { dir: outboxDir } });
  await client.drain();
  const rate = (count + 2) / ((performance.now() - start) / 1000);
  await client.close();
  return rate;
}
