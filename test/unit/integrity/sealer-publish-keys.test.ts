/**
 * The sealer publishes its signing key into the trusted keys before it signs anything in
 * a cold start, once; a failed publication fails the run (nothing sealed) and is retried.
 */
import { describe, expect, it } from '@jest/globals';
import { createSealerHandler } from '../../../lambdas/functions/sealer/handler';
import { at, IntegrityHarness } from '../../fixtures/integrity/harness';
import { eventsInMinute } from '../../fixtures/integrity/events';

describe('sealer publishing its key', () => {
  it('publishes before the first seal, once per cold start, and retries after a failure', async () => {
    // Prepare: one event in the first minute; the first publication fails.
    const h = new IntegrityHarness();
    h.ingest(...eventsInMinute(at(0), 1));
    const calls: number[] = [];
    let fail = true;
    const handler = createSealerHandler({
      sealDeps: h.sealDeps,
      config: h.config,
      metric: () => {},
      now: () => new Date(at(3 * 60)),
      publishKeys: async () => {
        calls.push(h.store.blocks.size);
        if (fail) throw new Error('S3 down');
      },
    });
    // Act / Assess: the failed run seals nothing.
    await expect(handler()).rejects.toThrow('S3 down');
    expect(h.store.blocks.size).toBe(0);
    fail = false;
    await handler();
    await handler();
    // Published before any block was sealed, and not again once it succeeded.
    expect(calls).toEqual([0, 0]);
    expect(h.store.blocks.size).toBeGreaterThan(0);
  });
});
