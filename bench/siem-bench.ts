/**
 * The SIEM forwarder against a real rsyslogd on loopback TLS (RFC 5425):
 * - throughput: the forwarder (CEF formatting, RFC 5424 framing, one TLS connection) against
 *   raw TLS writes of the same, pre-built bytes, each measured until rsyslog has written
 *   every message to its file;
 * - formatting alone: what the forwarder's route spends per event before the bytes reach
 *   the socket (CEF record, RFC 5424 message, octet-counting frame), next to the raw writes'
 *   time per event (done one after the other, 0.8× their throughput would allow 0.25× of it;
 *   rsyslog runs alongside, so the forwarder's own work partly overlaps it);
 * - latency: from an event's write to the table until rsyslog has it, through the local
 *   forwarder (its own stream poller on DynamoDB Local).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { DynamoDbEventStore } from '../lambdas/adapters/dynamodb/dynamodb-event-store';
import { FileSiemBacklog } from '../lambdas/adapters/local/file-siem-backlog';
import { buildSiemForwarder, syslogRoute } from '../lambdas/composition/siem-forwarder';
import type { StoredEvent } from '../lambdas/core/event-schema';
import { siemRecord } from '../lambdas/core/siem/records';
import { octetCountingFrame, syslogMessage } from '../lambdas/core/siem/syslog';
import { startLocalSiem } from '../local/siem';
import { makeSiemCerts, type SiemCerts } from '../test/fixtures/siem-certs';
import { storedEvents } from '../test/fixtures/siem-events';
import { RsyslogServer } from '../test/fixtures/siem-rsyslog';
import type { TestTable } from '../test/setup/table';
import { type BenchRow, percentile } from './harness';

const THROUGHPUT_EVENTS = Number(process.env.BENCH_SIEM_EVENTS ?? 20_000);
const STREAM_BATCH = 100;
const ROUNDS = 3;

/** Forwarder vs raw TLS writes, events per second to rsyslog; then latency through the local stack. */
export async function benchSiem(table: TestTable): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'dmis-siem-bench-'));
  const certs = await makeSiemCerts(join(dir, 'certs'));
  const rsyslog = await RsyslogServer.start({ dir: join(dir, 'rsyslog'), ca: certs.ca, server: certs.server });
  try {
    const events = storedEvents(THROUGHPUT_EVENTS);
    // Interleaved rounds, best of each: the order of the runs and a busy machine weigh less.
    const raws: number[] = [];
    const forwarders: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      raws.push(await rawTlsRate(rsyslog, certs, events));
      forwarders.push(await forwarderRate(rsyslog, certs, events, join(dir, `backlog-${round}`)));
    }
    const raw = Math.max(...raws);
    const forwarder = Math.max(...forwarders);
    const format = await formatMicros(certs, events);
    // A fresh server, so watching for arrivals reads a small file.
    await rsyslog.stop();
    const quiet = await RsyslogServer.start({ dir: join(dir, 'rsyslog-latency'), ca: certs.ca, server: certs.server });
    const latency = await latencyThroughLocalStack(quiet, certs, table, dir).finally(() => quiet.stop());
    return [
      { name: `raw TLS writes, ${THROUGHPUT_EVENTS} events, best of ${ROUNDS}`, value: raw, unit: 'events/s' },
      { name: 'forwarder to rsyslog (CEF, RFC 5424, TLS)', value: forwarder, unit: 'events/s', baseline: raw, target: '≥ 0.8× and ≥ 5000 events/s' },
      { name: `format one event, best of ${ROUNDS} (vs raw TLS per event)`, value: format, unit: 'µs/event', baseline: 1e6 / raw },
      { name: `event → rsyslog latency p50 (${latency.count} events)`, value: latency.p50, unit: 'ms' },
      { name: 'event → rsyslog latency p99', value: latency.p99, unit: 'ms', target: '≤ 5000 ms' },
    ];
  } finally {
    await rsyslog.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Pre-built frames written on one TLS connection, batch by batch, until rsyslog has them all. */
async function rawTlsRate(rsyslog: RsyslogServer, certs: SiemCerts, events: readonly StoredEvent[]): Promise<number> {
  const frames = events.map((e) => octetCountingFrame(syslogMessage({ appName: 'dmis-audit' }, e, siemRecord('cef', e).body)));
  const socket = connect({ host: '127.0.0.1', port: rsyslog.port, ca: await readFile(certs.ca, 'utf8') });
  await new Promise((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
  const before = await rsyslog.receivedCount();
  const started = performance.now();
  for (let i = 0; i < frames.length; i += STREAM_BATCH) {
    const bytes = Buffer.concat(frames.slice(i, i + STREAM_BATCH));
    await new Promise<void>((resolve, reject) => socket.write(bytes, (error) => (error ? reject(error) : resolve())));
  }
  await receivedAtLeast(rsyslog, before + frames.length);
  const rate = frames.length / ((performance.now() - started) / 1000);
  socket.destroy();
  return rate;
}

/** Microseconds per event to build the bytes the forwarder's route writes: its record, then the frame (it sends nothing, so never connects). */
async function formatMicros(certs: SiemCerts, events: readonly StoredEvent[]): Promise<number> {
  const route = syslogRoute({ name: 'bench', format: 'cef', host: '127.0.0.1', port: 1, caPem: await readFile(certs.ca, 'utf8'), appName: 'dmis-audit' });
  const record = route.record!;
  const build = () => {
    let bytes = 0;
    for (const event of events) bytes += octetCountingFrame(record(event).body).length;
    return bytes;
  };
  build(); // warm-up: compiled code, cached headers
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    build();
    rounds.push(((performance.now() - started) * 1000) / events.length);
  }
  await route.sender.close();
  return Math.min(...rounds);
}

/** The same events through the forwarder, in stream-sized batches. */
async function forwarderRate(rsyslog: RsyslogServer, certs: SiemCerts, events: readonly StoredEvent[], dir: string): Promise<number> {
  const route = syslogRoute({ name: 'bench', format: 'cef', host: '127.0.0.1', port: rsyslog.port, caPem: await readFile(certs.ca, 'utf8'), appName: 'dmis-audit' });
  const forwarder = buildSiemForwarder({ routes: [route], backlog: new FileSiemBacklog(dir) });
  await forwarder.forward(events.slice(0, 1)); // connect first, as the raw baseline does
  const before = await rsyslog.receivedCount();
  const started = performance.now();
  for (let i = 0; i < events.length; i += STREAM_BATCH) await forwarder.forward(events.slice(i, i + STREAM_BATCH));
  await receivedAtLeast(rsyslog, before + events.length);
  const rate = events.length / ((performance.now() - started) / 1000);
  await forwarder.close();
  return rate;
}

/** Events written to the table at a steady pace; each one's time until rsyslog has written it. */
async function latencyThroughLocalStack(rsyslog: RsyslogServer, certs: SiemCerts, table: TestTable, dir: string) {
  const localDir = join(dir, 'local');
  const destination = { name: 'bench', kind: 'syslog', format: 'cef', host: '127.0.0.1', port: rsyslog.port, caFile: certs.ca };
  await mkdir(localDir, { recursive: true });
  await writeFile(join(localDir, 'siem.json'), JSON.stringify({ destinations: [destination] }));
  const siem = await startLocalSiem({ localDir, endpoint: table.endpoint, client: table.client, tableName: table.tableName });
  const store = new DynamoDbEventStore(table.documentClient, table.tableName);
  const events = storedEvents(300);
  const writtenAt = new Map<string, number>();
  const arrivedAt = new Map<string, number>();
  const before = (await rsyslog.received()).length;
  const watcher = watchArrivals(rsyslog, before, arrivedAt);
  try {
    for (const event of events) {
      writtenAt.set(event.eventId, performance.now());
      await store.insertAll([event]);
      await new Promise((resolve) => setTimeout(resolve, 20)); // about 40 events/s
    }
    await receivedAtLeast(rsyslog, before + events.length);
  } finally {
    watcher.stop();
    await siem?.stop();
  }
  const latencies = [...writtenAt].map(([id, at]) => (arrivedAt.get(id) ?? performance.now()) - at);
  return { count: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Notes when each message shows up in rsyslog's file (polled every 10 ms). */
function watchArrivals(rsyslog: RsyslogServer, skip: number, arrivedAt: Map<string, number>) {
  let seen = skip;
  const timer = setInterval(() => {
    void rsyslog.received().then((lines) => {
      const now = performance.now();
      for (const line of lines.slice(seen)) {
        const id = /externalId=([0-9a-f-]{36})/.exec(line)?.[1];
        if (id && !arrivedAt.has(id)) arrivedAt.set(id, now);
      }
      seen = Math.max(seen, lines.length);
    });
  }, 10);
  return { stop: () => clearInterval(timer) };
}

async function receivedAtLeast(rsyslog: RsyslogServer, count: number): Promise<void> {
  for (const end = Date.now() + 300_000; Date.now() < end; await new Promise((r) => setTimeout(r, 10))) {
    if ((await rsyslog.receivedCount()) >= count) return;
  }
  throw new Error(`rsyslog did not receive ${count} messages`);
}
