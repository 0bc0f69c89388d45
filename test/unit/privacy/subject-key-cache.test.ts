import { describe, expect, it } from '@jest/globals';
import type { SubjectKey } from '../../../lambdas/core/privacy/ports';
import { SubjectKeyCache } from '../../../lambdas/core/privacy/subject-key-cache';

const DAY = 86_400_000;
const UNTIL = '2027-12-20T10:16:00.000Z';
const later = (ms: number) => new Date(Date.parse(UNTIL) + ms).toISOString();

/** A key store that counts its calls and answers after `release()` when asked to hold. */
function countingStore() {
  const calls: [string, string][] = [];
  let failNext = false;
  return {
    calls,
    failOnce: () => { failNext = true; },
    keyFor: async (subjectId: string, retainUntil: string): Promise<SubjectKey> => {
      calls.push([subjectId, retainUntil]);
      await Promise.resolve();
      if (failNext) {
        failNext = false;
        throw new Error('store down');
      }
      return { keyId: `key-${subjectId}-${calls.length}`, key: new Uint8Array(32) };
    },
  };
}

function cacheWith(store: ReturnType<typeof countingStore>, options: { maxSubjects?: number } = {}) {
  let now = 1_000_000;
  const cache = new SubjectKeyCache(store, { ttlMs: 300_000, now: () => now, ...options });
  return { cache, advance: (ms: number) => { now += ms; } };
}

describe('SubjectKeyCache', () => {
  it('asks the store once for many events of one subject, concurrent or not', async () => {
    // Prepare
    const store = countingStore();
    const { cache } = cacheWith(store);
    // Act
    const keys = await Promise.all([cache.keyFor('jdoe', UNTIL), cache.keyFor('jdoe', UNTIL)]);
    await cache.keyFor('jdoe', later(1000));
    // Assess
    expect([store.calls.length, keys[0]?.keyId === keys[1]?.keyId]).toEqual([1, true]);
  });

  it('asks again once the entry is older than its time to live', async () => {
    // Prepare
    const store = countingStore();
    const { cache, advance } = cacheWith(store);
    await cache.keyFor('jdoe', UNTIL);
    // Act
    advance(300_001);
    await cache.keyFor('jdoe', UNTIL);
    // Assess
    expect(store.calls).toEqual([['jdoe', UNTIL], ['jdoe', UNTIL]]);
  });

  it('records a later retention end only when it passes the recorded one by more than a day', async () => {
    // Prepare
    const store = countingStore();
    const { cache } = cacheWith(store);
    await cache.keyFor('jdoe', UNTIL);
    // Act
    await cache.keyFor('jdoe', later(DAY));
    await cache.keyFor('jdoe', later(DAY + 1));
    // Assess
    expect(store.calls.map(([, until]) => until)).toEqual([UNTIL, later(DAY + 1)]);
  });

  it('never asks the store to record an earlier end than it already did', async () => {
    // Prepare
    const store = countingStore();
    const { cache, advance } = cacheWith(store);
    await cache.keyFor('jdoe', later(10 * DAY));
    advance(300_001);
    // Act
    await cache.keyFor('jdoe', UNTIL);
    // Assess
    expect(store.calls.map(([, until]) => until)).toEqual([later(10 * DAY), later(10 * DAY)]);
  });

  it('does not keep a failed fetch', async () => {
    // Prepare
    const store = countingStore();
    const { cache } = cacheWith(store);
    store.failOnce();
    await expect(cache.keyFor('jdoe', UNTIL)).rejects.toThrow('store down');
    // Act
    const key = await cache.keyFor('jdoe', UNTIL);
    // Assess
    expect([key.keyId, store.calls.length]).toEqual(['key-jdoe-2', 2]);
  });

  it('drops the least recently used subject beyond its bound', async () => {
    // Prepare
    const store = countingStore();
    const { cache } = cacheWith(store, { maxSubjects: 2 });
    await cache.keyFor('a', UNTIL);
    await cache.keyFor('b', UNTIL);
    await cache.keyFor('a', UNTIL); // a is now the most recent
    // Act
    await cache.keyFor('c', UNTIL); // drops b
    await cache.keyFor('a', UNTIL);
    await cache.keyFor('b', UNTIL);
    // Assess
    expect(store.calls.map(([subject]) => subject)).toEqual(['a', 'b', 'c', 'b']);
  });
});
