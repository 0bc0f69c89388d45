/** UnsealedEvents: events past their grace that a sealer run left in no block. */
import { describe, expect, it } from '@jest/globals';
import { sealDueBlocks } from '../../../lambdas/core/integrity/sealer';
import { countUnsealed, UNSEALED_COUNT_INTERVALS } from '../../../lambdas/core/integrity/unsealed-events';
import { storedEventAt } from '../../fixtures/integrity/events';
import { IntegrityHarness, at } from '../../fixtures/integrity/harness';

describe('countUnsealed', () => {
  it('is 0 when the run left no interval pending', async () => {
    // Prepare
    const h = new IntegrityHarness();
    h.ingest(storedEventAt(at(5)), storedEventAt(at(65)));
    const result = await h.seal(130);
    // Act
    const count = await countUnsealed(h.sealDeps, h.config, result);
    // Assess
    expect({ pending: result.pendingIntervals, count }).toEqual({ pending: 0, count: 0 });
  });

  it('counts the events of the pending intervals after the block the run sealed last', async () => {
    // Prepare
    const h = new IntegrityHarness();
    const config = { ...h.config, maxBlocksPerRun: 1 };
    h.ingest(storedEventAt(at(5)), storedEventAt(at(65)), storedEventAt(at(70)), storedEventAt(at(125)));
    const result = await sealDueBlocks(h.sealDeps, config, new Date(at(190)));
    // Act
    const count = await countUnsealed(h.sealDeps, config, result);
    // Assess
    expect({ sealed: result.sealed.length, pending: result.pendingIntervals, count }).toEqual({
      sealed: 1,
      pending: 2,
      count: 3,
    });
  });

  it('counts from the newest stored block when the run sealed none', async () => {
    // Prepare
    const h = new IntegrityHarness();
    h.ingest(storedEventAt(at(5)));
    await h.seal(70);
    h.ingest(storedEventAt(at(61)), storedEventAt(at(62)));
    const notSealing = { sealed: [], pendingIntervals: 1 };
    // Act
    const count = await countUnsealed(h.sealDeps, h.config, notSealing);
    // Assess
    expect(count).toBe(2);
  });

  it('is 0 before the first block exists, whatever is pending', async () => {
    // Prepare
    const h = new IntegrityHarness();
    h.ingest(storedEventAt(at(5)));
    // Act
    const count = await countUnsealed(h.sealDeps, h.config, { sealed: [], pendingIntervals: 3 });
    // Assess
    expect(count).toBe(0);
  });

  it(`reads at most ${UNSEALED_COUNT_INTERVALS} pending intervals, so far behind it is a lower bound`, async () => {
    // Prepare
    const h = new IntegrityHarness();
    h.ingest(storedEventAt(at(5)));
    await h.seal(70);
    const minutes = UNSEALED_COUNT_INTERVALS + 2;
    h.ingest(...Array.from({ length: minutes }, (_, i) => storedEventAt(at(60 * (i + 1) + 1))));
    // Act
    const count = await countUnsealed(h.sealDeps, h.config, { sealed: [], pendingIntervals: minutes });
    // Assess
    expect(count).toBe(UNSEALED_COUNT_INTERVALS);
  });
});
