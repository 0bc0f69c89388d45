import { describe, expect, it } from '@jest/globals';
import { API_BATCH_LIMITS, batchBody, prepareEvent, takeBatch } from '../../../clients/typescript/src/batch';
import { apiErrorFrom, NetworkError, PayloadTooLargeError } from '../../../clients/typescript/src/errors';
import { backoffDelayMs, DEFAULT_RETRY, isRetryable, withRetries } from '../../../clients/typescript/src/retry';

/** The retry policy (which failures repeat, how long it waits) and how events are cut into requests. */

const apiError = (status: number, code?: string) => apiErrorFrom(status, code ? { error: { code, message: 'm', details: [] } } : null);

describe('the retry policy', () => {
  it.each([429, 500, 502, 503, 504])('retries HTTP %i', (status) => {
    expect(isRetryable(apiError(status))).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 413, 415])('never retries HTTP %i', (status) => {
    expect(isRetryable(apiError(status))).toBe(false);
  });

  it('retries network errors and SDK throttling, not other SDK errors', () => {
    expect(isRetryable(new NetworkError('refused'))).toBe(true);
    expect(isRetryable(Object.assign(new Error('x'), { name: 'TooManyRequestsException' }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('x'), { name: 'X', $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('x'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } }))).toBe(false);
  });

  it('waits a full-jitter delay: between 0 and base × 2^attempt, capped', () => {
    const policy = { maxAttempts: 9, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((n) => backoffDelayMs(n, policy, () => 0.999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
  });

  it('repeats a retryable failure until it succeeds, and stops at once on a refusal', async () => {
    // Prepare
    const sleeps: number[] = [];
    const sleep = async (ms: number) => void sleeps.push(ms);
    let calls = 0;
    const flaky = async () => (++calls < 3 ? Promise.reject(apiError(503, 'unavailable')) : 'ok');
    // Act
    const result = await withRetries(flaky, DEFAULT_RETRY, sleep);
    const refused = withRetries(async () => Promise.reject(apiError(409, 'conflict')), DEFAULT_RETRY, sleep);
    // Assess
    expect([result, calls, sleeps.length]).toEqual(['ok', 3, 2]);
    await expect(refused).rejects.toMatchObject({ status: 409, code: 'conflict' });
    expect(sleeps.length).toBe(2);
  });

  it('gives up after maxAttempts with the last error', async () => {
    let calls = 0;
    const failing = withRetries(async () => Promise.reject(new NetworkError(`n${++calls}`)), { ...DEFAULT_RETRY, maxAttempts: 3 }, async () => undefined);
    await expect(failing).rejects.toThrow('n3');
  });
});

describe('batching', () => {
  const draft = (size: number) => ({ eventType: 'system.debug' as const, actor: { userId: 'u' }, outcome: 'success' as const, metadata: { pad: 'x'.repeat(size) } });
  const queued = (size: number, n: number) => Array.from({ length: n }, () => ({ event: prepareEvent(draft(size)) }));

  it('takes at most 100 events a request', () => {
    const queue = queued(10, 250);
    expect([takeBatch(queue, API_BATCH_LIMITS).length, takeBatch(queue, API_BATCH_LIMITS).length, takeBatch(queue, API_BATCH_LIMITS).length]).toEqual([100, 100, 50]);
  });

  it('splits by size so that no body exceeds 1 MiB', () => {
    // Prepare: 100 events of ~30 KB are ~3 MB together.
    const queue = queued(30_000, 100);
    // Act
    const batches: number[] = [];
    while (queue.length > 0) {
      const batch = takeBatch(queue, API_BATCH_LIMITS);
      expect(Buffer.byteLength(batchBody(batch.map((b) => b.event.json)))).toBeLessThanOrEqual(API_BATCH_LIMITS.maxBytes);
      batches.push(batch.length);
    }
    // Assess
    expect(batches.reduce((a, b) => a + b, 0)).toBe(100);
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...batches)).toBeLessThan(100);
  });

  it('fixes eventId and occurredAt once, and refuses an event larger than a request', () => {
    const event = prepareEvent(draft(1));
    expect(JSON.parse(event.json)).toMatchObject({ eventId: event.eventId, occurredAt: expect.any(String) });
    expect(() => prepareEvent(draft(1_100_000))).toThrow(PayloadTooLargeError);
  });
});
