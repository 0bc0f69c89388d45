import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FaultWriterStack } from '../fixtures/fault-writer';
import { RetryingWriter, type WriterAnswer } from '../fixtures/retrying-writer';
import { waitFor } from '../fixtures/wait-for';

/**
 * DynamoDB unavailable mid-load: the store process is paused (SIGSTOP) with requests in
 * flight, continued, then killed and started again on its data, while clients keep writing
 * batches and singles and retry every unaccepted request with the same eventIds.
 */

const SLOW_MS = 300_000;
let stack: FaultWriterStack;
let writers: RetryingWriter[];

beforeAll(async () => {
  stack = await FaultWriterStack.start();
}, SLOW_MS);
afterAll(async () => {
  await Promise.all((writers ?? []).map((w) => w.stop(true)));
  await stack?.stop();
}, SLOW_MS);

const allAnswers = () => writers.flatMap((w) => w.answers);
const acceptedCount = () => writers.reduce((n, w) => n + w.acceptedIds.length, 0);
/** Waits until the writers have had `n` more events accepted than now. */
const moreAccepted = (n: number) => {
  const target = acceptedCount() + n;
  return waitFor(async () => (acceptedCount() >= target ? true : undefined), 120_000);
};
const unavailableSince = (t: number) =>
  waitFor(async () => allAnswers().find((a) => a.at > t && a.status === 503), 120_000).catch(() => {
    const since = allAnswers().filter((a) => a.at > t);
    throw new Error(`no 503 since the fault; answers since: ${JSON.stringify(since.slice(0, 5))} (${since.length})`);
  });

/** Waits until two consecutive reads of the table find the same events: no write still lands. */
const storeSettled = () => {
  let last = '';
  return waitFor(async () => {
    const now = [...(await stack.storedEventIds()).keys()].sort().join();
    const settled = now === last;
    last = now;
    return settled ? true : undefined;
  }, 120_000);
};

describe('DynamoDB paused mid-load, then killed between writes', () => {
  let answers: WriterAnswer[];
  let stored: Map<string, number>;
  let pauseAnswer: WriterAnswer;
  let pausedAt: number;
  let killAnswer: WriterAnswer;

  beforeAll(async () => {
    writers = [5, 1].map(() => new RetryingWriter(stack.api.url, stack.credentials.writer));
    writers[0]?.start(5);
    writers[1]?.start(1);
    await moreAccepted(20);
    // Paused: connections open but nothing answers, so only the client timeouts can end a request.
    pausedAt = Date.now();
    process.kill(stack.storePid, 'SIGSTOP');
    pauseAnswer = await unavailableSince(pausedAt);
    process.kill(stack.storePid, 'SIGCONT');
    await moreAccepted(20);
    // Killed: connections refused until a new process serves the same data. DynamoDB Local
    // rewrites its SQLite file in place and does not promise that a kill in the middle of a
    // write leaves earlier writes intact (real DynamoDB acknowledges only durable writes), so
    // the kill lands between writes: the writers finish their batches, the store settles,
    // and new writers start against the dead store. Requests cut off in flight are the
    // pause's part above.
    await Promise.all(writers.map((w) => w.stop()));
    await storeSettled();
    const killedAt = Date.now();
    process.kill(stack.storePid, 'SIGKILL');
    const afterKill = [5, 1].map(() => new RetryingWriter(stack.api.url, stack.credentials.writer));
    writers.push(...afterKill);
    afterKill[0]?.start(5);
    afterKill[1]?.start(1);
    killAnswer = await unavailableSince(killedAt);
    await stack.restartStore();
    await moreAccepted(20);
    await Promise.all(writers.map((w) => w.stop()));
    answers = allAnswers();
    stored = await stack.storedEventIds();
  }, SLOW_MS);

  it('answers 503 with Retry-After and a JSON error while the store is paused or gone, never a 500', () => {
    // Assess
    const failures = answers.filter((a) => a.status !== 201);
    expect(failures.length).toBeGreaterThan(0);
    expect(new Set(failures.map((a) => a.status))).toEqual(new Set([503]));
    for (const answer of [pauseAnswer, killAnswer]) {
      expect(answer.retryAfter).toMatch(/^\d+$/);
      expect(answer.body).toEqual({ error: { code: 'unavailable', message: expect.any(String), details: [] } });
    }
    // 4 attempts of at most 5 s each, plus backoff and a loaded machine's stalls.
    expect(pauseAnswer.at - pausedAt).toBeLessThan(45_000);
  });

  it('stores every retried event exactly once, and nothing that was not sent', () => {
    // Assess
    const sent = writers.flatMap((w) => w.sentIds);
    const accepted = writers.flatMap((w) => w.acceptedIds);
    expect(accepted.length).toBe(sent.length);
    expect([...stored.keys()].sort()).toEqual([...sent].sort());
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
  });

  it('acknowledges each event with one contentHash, however many times it was sent', () => {
    // Assess: a retry of a write that had landed unanswered is acknowledged as the same event.
    const hashes = new Map<string, Set<string>>();
    for (const a of answers.filter((x) => x.status === 201)) {
      for (const e of (a.body as { accepted: { eventId: string; contentHash: string }[] }).accepted)
        hashes.set(e.eventId, (hashes.get(e.eventId) ?? new Set()).add(e.contentHash));
    }
    expect([...hashes.values()].every((s) => s.size === 1)).toBe(true);
  });
});
