import { describe, expect, test } from '@jest/globals';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { matchingEvents } from '../../../lambdas/core/query/matching-events';
import type { ArchiveEventReader, ArchiveRead, EventIndexReader, SegmentRead } from '../../../lambdas/core/query/ports';
import { MAX_SEARCH_DAYS } from '../../../lambdas/core/query/query-plan';
import { ReadBudget } from '../../../lambdas/core/query/read-budget';
import { planAcrossTiers, type ArchiveTier } from '../../../lambdas/core/query/tiered-plan';
import { aStoredEvent, expectedArchiveRead } from '../../fixtures/archive-events';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const DAY = 86_400;
const noArchive: ArchiveEventReader = { read: () => (async function* () {})(), get: () => Promise.resolve(undefined) };
const tier = (days: number, reader = noArchive): ArchiveTier => ({ reader, hotWindowSeconds: days * DAY });

describe('planAcrossTiers', () => {
  test('a period wholly inside the hot window is the table plan, with no archive range', () => {
    const plan = planAcrossTiers({ category: 'authentication', from: '2026-11-01T00:00:00.000Z' }, NOW, tier(30), MAX_SEARCH_DAYS);
    expect(plan.archive).toBeUndefined();
    expect(plan.segments).toHaveLength(20);
  });

  test('a period across the boundary reads the table from the boundary and the archive below it', () => {
    const plan = planAcrossTiers({ outcome: 'denied', from: '2026-01-01T00:00:00.000Z', to: '2026-11-15T00:00:00.000Z' }, NOW, tier(30), MAX_SEARCH_DAYS);
    expect(plan).toMatchObject({ index: 'byTime', from: '2026-10-21T12:00:00.000Z', to: '2026-11-15T00:00:00.000Z' });
    expect(plan.archive).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-10-21T12:00:00.000Z' });
    expect(plan.segments.at(-1)).toEqual({ kind: 'day', day: '2026-10-21' });
  });

  test('the walk limit bounds the table segments only: a year by time passes when the table holds a month', () => {
    expect(() => planAcrossTiers({ from: '2025-12-01T00:00:00.000Z' }, NOW, undefined, MAX_SEARCH_DAYS)).toThrow(/92 days/);
    expect(planAcrossTiers({ from: '2025-12-01T00:00:00.000Z' }, NOW, tier(30), MAX_SEARCH_DAYS).archive).toBeDefined();
  });

  test('a period wholly older than the boundary has no table segment', () => {
    const plan = planAcrossTiers({ eventType: 'auth.login.failure', from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' }, NOW, tier(30));
    expect(plan).toMatchObject({ index: 'byType', segments: [], archive: { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' } });
  });

  test('an actor search without from reaches back through the whole archive', () => {
    const plan = planAcrossTiers({ actor: 'jdoe' }, NOW, tier(30));
    expect(plan.archive).toEqual({ to: '2026-10-21T12:00:00.000Z' });
    expect(plan.from).toBe('2026-10-21T12:00:00.000Z');
  });

  test('a default window older than the hot window covers the same whole days as the table walk would', () => {
    const plan = planAcrossTiers({ category: 'account' }, NOW, tier(30));
    expect(plan.archive?.from).toBe('2026-08-22T00:00:00.000Z');
  });
});

describe('matchingEvents across the tiers', () => {
  const events = Array.from({ length: 12 }, (_, i) => aStoredEvent({ occurredAt: new Date(NOW.getTime() - (i * 5 + 1) * DAY * 1000).toISOString() }));
  const boundary = new Date(NOW.getTime() - 30 * DAY * 1000).toISOString();
  const table: EventIndexReader = {
    read: (r: SegmentRead) => list(expectedArchiveRead(events.filter((e) => e.occurredAt >= boundary), r.filters, { from: r.from, to: r.to })
      .filter((e) => r.segment.kind !== 'day' || e.occurredAt.startsWith(r.segment.day))),
  };
  const archiveReads: ArchiveRead[] = [];
  const archive: ArchiveEventReader = {
    get: () => Promise.resolve(undefined),
    read: (r) => {
      archiveReads.push(r);
      return list(expectedArchiveRead(events.filter((e) => e.occurredAt < boundary), r.filters, r.range)
        .filter((e) => !r.before || e.occurredAt < r.before.occurredAt));
    },
  };

  test('table rows first, then the archive, newest first, the same as one tier would give', async () => {
    const filters = { from: '2026-08-01T00:00:00.000Z' };
    const plan = planAcrossTiers(filters, NOW, tier(30, archive), MAX_SEARCH_DAYS);
    const out: StoredEvent[] = [];
    for await (const e of matchingEvents(table, plan, filters, { pageSize: 100, archive })) out.push(e);
    expect(out.map((e) => e.eventId)).toEqual(expectedArchiveRead(events, filters).map((e) => e.eventId));
    expect(out.filter((e) => e.occurredAt < boundary).length).toBeGreaterThan(0);
  });

  test('an exhausted budget stops at the top of the archive range, before any archive read', async () => {
    archiveReads.length = 0;
    const filters = { actor: 'officer-17' };
    const plan = planAcrossTiers(filters, NOW, tier(30, archive));
    const budget = new ReadBudget({ maxQueries: 0, maxItems: 0 });
    for await (const _ of matchingEvents(table, plan, filters, { pageSize: 100, archive, budget })) void _;
    expect(archiveReads).toHaveLength(0);
    expect(budget.resumeBefore).toEqual({ occurredAt: boundary, eventId: '' });
  });

  test('a plan with an archive range but no archive reader fails loudly rather than answer short', async () => {
    const plan = planAcrossTiers({ actor: 'x' }, NOW, tier(30));
    const walk = async () => {
      for await (const _ of matchingEvents(table, plan, { actor: 'x' }, { pageSize: 10 })) void _;
    };
    await expect(walk()).rejects.toThrow(/no archive reader/);
  });
});

async function* list(rows: StoredEvent[]): AsyncGenerator<StoredEvent> {
  yield* rows;
}
