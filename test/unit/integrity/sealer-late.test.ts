import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { sealDueBlocks } from '../../../lambdas/core/integrity/sealer';
import { storedEventAt } from '../../fixtures/integrity/events';
import { InMemoryEventTable } from '../../fixtures/integrity/fakes';
import { IntegrityHarness, at } from '../../fixtures/integrity/harness';

/** A table whose writes become visible only when they complete: `visibleAt` = ingestedAt + write time. */
class SlowWriteTable extends InMemoryEventTable {
  readonly visibleAt = new Map<string, number>();
  now = 0;
  override async eventsIngestedIn(from: Date, to: Date): Promise<StoredEvent[]> {
    return (await super.eventsIngestedIn(from, to)).filter((e) => (this.visibleAt.get(e.eventId) ?? 0) <= this.now);
  }
}

describe('why no event is ever late', () => {
  it('finds every event in its own block when every write completes within the grace period', async () => {
    // ingestedAt is stamped before the write starts, so an event of interval [from, to) is
    // visible by to + maxWrite < to + grace, and the sealer waits until to + grace.
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 299_999 }), fc.integer({ min: 0, max: 9_999 })), { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 400_000 }), { minLength: 1, maxLength: 20 }),
        async (writes, runTimes) => {
          const h = new IntegrityHarness();
          const table = new SlowWriteTable();
          for (const [offset, writeMs] of writes) {
            const event = storedEventAt(new Date(Date.parse(at(0)) + offset));
            table.add(event);
            table.visibleAt.set(event.eventId, Date.parse(at(0)) + offset + writeMs);
          }
          let late = 0;
          for (const t of [...runTimes].sort((a, b) => a - b)) {
            table.now = Date.parse(at(0)) + t;
            late += (await sealDueBlocks({ ...h.sealDeps, source: table }, h.config, new Date(table.now))).lateEventIds
              .length;
          }
          return late === 0;
        },
      ),
      { numRuns: 60 },
    );
  });

  it('does flag an event late when its write outlasts the grace period (the property above can fail)', async () => {
    // Prepare
    const h = new IntegrityHarness();
    const table = new SlowWriteTable();
    const slow = storedEventAt(at(59));
    table.add(slow);
    table.visibleAt.set(slow.eventId, Date.parse(at(59 + 12)));
    table.now = Date.parse(at(70));
    await sealDueBlocks({ ...h.sealDeps, source: table }, h.config, new Date(table.now));
    table.now = Date.parse(at(130));
    // Act
    const { lateEventIds } = await sealDueBlocks({ ...h.sealDeps, source: table }, h.config, new Date(table.now));
    // Assess
    expect(lateEventIds).toEqual([slow.eventId]);
  });
});
