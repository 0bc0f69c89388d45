/**
 * The TypeScript client's cost, against the local writer API with SigV4, all in one run:
 * client `record()` throughput vs raw signed HTTP batches of 100 (target ≤ 5 % overhead),
 * `record()` p99 while the outbox is taking events (target ≤ 1 ms), and the outbox's drain
 * rate vs the raw batch throughput (target ≥ 0.9×). BENCH_CLIENT_EVENTS (default 5000).
 */
import { mkdtemp, rm } from 'node:fs/promises';
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
    const { p50, p99 } = await queuedLatency(join(dir, 'outbox'), count);
    const drain = await drainRate(transport, join(dir, 'outbox'), count);
    return [
      { name: 'raw signed HTTP batches of 100', value: raw, unit: 'events/s' },
      { name: 'client record() in batches of 100', value: client, unit: 'events/s', baseline: raw, target: '≥ 0.95×' },
      { name: 'record() queued to the outbox, p50', value: p50, unit: 'ms' },
      { name: 'record() queued to the outbox, p99', value: p99, unit: 'ms', target: '≤ 1 ms' },
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

/** record() latency, one at a time, while the API is unreachable and every event goes to the outbox. */
async function queuedLatency(outboxDir: string, count: number): Promise<{ p50: number; p99: number }> {
  const unreachable = httpsTransport({ endpoint: 'http://127.0.0.1:9', region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const client = await AuditClient.create({ transport: unreachable, outbox: { dir: outboxDir }, retry: { maxAttempts: 1 }, drainBackoff: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
  await client.record(draft(-1)); // the failed send that turns the outbox on
  const times: number[] = [];
  for (let seq = 0; seq < count; seq++) {
    const start = performance.now();
    await client.record(draft(seq));
    times.push(performance.now() - start);
  }
  await client.close();
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function drainRate(transport: () => ReturnType<typeof httpsTransport>, outboxDir: string, count: number): Promise<number> {
  const start = performance.now();
  const client = await AuditClient.create({ transport: transport(), outbox: { dir: outboxDir } });
  await client.drain();
  const rate = (count + 1) / ((performance.now() - start) / 1000);
  await client.close();
  return rate;
}
