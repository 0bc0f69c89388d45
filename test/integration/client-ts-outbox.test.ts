import { appendFile, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AuditClient, events, httpsTransport, localTransportOptions, OutboxFullError, readOutboxStatus, type RecordResult } from '../../clients/typescript/src/index';
import { ClientStack } from '../fixtures/client-stack';
import { waitFor } from '../fixtures/wait-for';

/**
 * The disaster-mode outbox against the real local writer API: the API stops in the middle
 * of a run of events and comes back, and every event is stored exactly once, in order; a
 * full outbox refuses loudly and keeps what it accepted; a torn last line is cut off.
 * N is CLIENT_FAULT_EVENTS (default 10,000).
 */

const N = Number(process.env.CLIENT_FAULT_EVENTS ?? 10_000);
/** The outage run of 10,000 events took 82 s on a two-core machine at load average 15. */
const OUTAGE_TIMEOUT_MS = 600_000;
let stack: ClientStack;
let outboxDir: string;

beforeAll(async () => {
  stack = await ClientStack.start();
});
afterAll(() => stack?.stop());
beforeEach(async () => {
  outboxDir = await mkdtemp(join(tmpdir(), 'dmis-outbox-'));
  await stack.startApi();
});

async function outboxClient(extra: Partial<Parameters<typeof AuditClient.create>[0]> = {}) {
  return AuditClient.create({
    transport: httpsTransport(await localTransportOptions(stack.localDir)),
    outbox: { dir: outboxDir },
    retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
    drainBackoff: { baseDelayMs: 20, maxDelayMs: 200 },
    ...extra,
  });
}

const numbered = (seq: number, run: string) => events.donationUpdate({ actor: { userId: run }, outcome: 'success', metadata: { seq } });

/** Every id stored exactly once, and ingestedAt never going backwards in recording order. */
async function expectStoredOnceInOrder(ids: readonly string[]) {
  const rows = await stack.storedRows();
  const byId = new Map<string, string[]>();
  for (const row of rows) byId.set(row.eventId, [...(byId.get(row.eventId) ?? []), row.ingestedAt]);
  expect(ids.filter((id) => byId.get(id)?.length !== 1)).toEqual([]);
  const times = ids.map((id) => byId.get(id)![0]!);
  expect(times.filter((t, i) => i > 0 && t < times[i - 1]!)).toEqual([]);
}

describe('the outbox against the local API', () => {
  it(`stores all ${N} events exactly once, in order, when the API stops in the middle and comes back`, async () => {
    // Prepare
    const client = await outboxClient();
    let stored = 0;
    let queued = 0;
    const started = Date.now();
    // Act
    const results: Promise<RecordResult>[] = [];
    for (let seq = 0; seq < N; seq++) {
      results.push(client.record(numbered(seq, 'outage')).then((r) => (r.status === 'stored' ? stored++ : queued++, r)));
    }
    await waitFor(async () => (stored >= N / 4 ? true : undefined), 240_000);
    await stack.stopApi();
    await waitFor(async () => (queued > 0 ? true : undefined), 120_000);
    await stack.startApi();
    const ids = (await Promise.all(results)).map((r) => r.eventId);
    await client.drain();
    await client.close();
    console.log(`client outage run: ${N} events (${stored} direct, ${queued} via the outbox) in ${Date.now() - started} ms`);
    // Assess
    expect(queued).toBeGreaterThan(0);
    expect((await readOutboxStatus(outboxDir)).pendingEvents).toBe(0);
    await expectStoredOnceInOrder(ids);
  }, OUTAGE_TIMEOUT_MS);

  it('refuses events past its bound with OutboxFullError and a metric, and delivers every event it accepted', async () => {
    // Prepare
    await stack.stopApi();
    const metrics: number[] = [];
    const client = await outboxClient({ outbox: { dir: outboxDir, maxEvents: 50, onMetric: (_name, value) => metrics.push(value) } });
    // Act
    const settled = await Promise.allSettled(Array.from({ length: 80 }, (_, seq) => client.record(numbered(seq, 'full'))));
    await stack.startApi();
    await client.drain();
    await client.close();
    // Assess
    const accepted = settled.filter((s) => s.status === 'fulfilled').map((s) => (s as PromiseFulfilledResult<RecordResult>).value);
    const refused = settled.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason as unknown);
    expect([accepted.length, refused.length]).toEqual([50, 30]);
    expect(accepted.every((r) => r.status === 'queued')).toBe(true);
    expect(refused.every((e) => e instanceof OutboxFullError)).toBe(true);
    expect((refused[0] as OutboxFullError).message).toMatch(/outbox is full .*not recorded/);
    expect(metrics.reduce((a, b) => a + b, 0)).toBe(30);
    await expectStoredOnceInOrder(accepted.map((r) => r.eventId));
  });

  it('cuts off a torn last line left by a kill mid-append and drains the complete ones at start', async () => {
    // Prepare: queue three events with the API down, then tear a fourth line.
    await stack.stopApi();
    const first = await outboxClient();
    const queued = await Promise.all([0, 1, 2].map((seq) => first.record(numbered(seq, 'torn'))));
    await first.close();
    const spool = (await readdir(outboxDir)).find((name) => name.startsWith('spool-'))!;
    await appendFile(join(outboxDir, spool), '{"q":1,"e":{"eventId":"');
    await stack.startApi();
    // Act
    const second = await outboxClient();
    await second.drain();
    await second.close();
    // Assess
    expect(queued.map((r) => r.status)).toEqual(['queued', 'queued', 'queued']);
    expect(await readOutboxStatus(outboxDir)).toMatchObject({ pendingEvents: 0, pendingBytes: 0 });
    await expectStoredOnceInOrder(queued.map((r) => r.eventId));
  });
});
