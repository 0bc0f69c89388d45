import { describe, expect, it } from '@jest/globals';
import { createSealerHandler } from '../../../lambdas/functions/sealer/handler';
import { IntegrityHarness, at } from '../../fixtures/integrity/harness';
import { TAMPER_NOW as NOW, sealedSampleChain } from '../../fixtures/integrity/tamper-setup';

/** The scheduled sealer's part in the one growing log: never re-sealing, and sealing a closed minute at once. */

describe('sealer handler', () => {
  it('publishes ResealRefused 1 and seals nothing when the table is behind the published checkpoint', async () => {
    // Prepare: the newest two blocks are removed from the table after their checkpoints were published.
    const { h } = await sealedSampleChain();
    h.store.blocks.delete(3);
    h.store.blocks.delete(2);
    const metrics: Record<string, number> = {};
    const handler = createSealerHandler({
      sealDeps: h.sealDeps,
      config: h.config,
      metric: (name, value) => void (metrics[name] = value),
      now: () => new Date(at(NOW + 60)),
    });
    // Act
    const summary = await handler();
    // Assess
    expect(summary.sealed).toBe(0);
    expect(metrics.ResealRefused).toBe(1);
  });

  it('waits out the grace of the minute that just closed, then seals it in the same run', async () => {
    // Prepare: the run starts at the minute; the grace is 10 s.
    const h = new IntegrityHarness();
    let clock = at(60);
    const waits: number[] = [];
    const handler = createSealerHandler({
      sealDeps: h.sealDeps,
      config: { ...h.config, waitForDueSeconds: 30 },
      metric: () => {},
      now: () => new Date(clock),
      sleep: async (ms) => {
        waits.push(ms);
        clock = new Date(Date.parse(clock) + ms).toISOString();
      },
    });
    // Act
    const summary = await handler();
    // Assess
    expect(waits).toEqual([10_000]);
    expect(summary).toMatchObject({ sealed: 1, lastSeq: 0 });
    expect(await h.checkpoints.latest()).toMatch(/^dmis-audit-trail\.local\/log\n0\n/);
  });
});
