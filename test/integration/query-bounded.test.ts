/**
 * Searches whose cost is bounded by what they return, not by the calendar: a walk of the
 * time or type index longer than the limit is refused before any store request, and a
 * search that reads its whole budget answers with what it found and a cursor that loses
 * nothing. Work is counted as the Query requests that reach DynamoDB Local.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbEventQuery } from '../../lambdas/adapters/dynamodb/dynamodb-event-query';
import { buildAuditServices } from '../../lambdas/composition/audit-services';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import { ExportEvents } from '../../lambdas/core/query/export-events';
import { SEARCH_READ_LIMITS, type ReadLimits } from '../../lambdas/core/query/read-budget';
import type { ReadAuditor } from '../../lambdas/core/query/read-audit';
import { SearchEvents } from '../../lambdas/core/query/search-events';
import { createTestTable } from '../setup/table';
import { BEFORE_READS, expectedIds, ingestAll, NOW, variedEvents } from './query-fixtures';

const READER = { principal: 'arn:aws:sts::123456789012:assumed-role/AuditReader/auditor-ann' };
const SHARDS_PER_DAY = 8;
const auditor = { record: async () => undefined } as unknown as ReadAuditor;

describe('bounded searches on DynamoDB Local', () => {
  let stored: StoredEvent[];
  let documentClient: DynamoDBDocumentClient;
  let tableName: string;
  const key = randomBytes(32);

  beforeAll(async () => {
    const table = await createTestTable('audit-bounded');
    ({ documentClient, tableName } = table);
    const services = buildAuditServices({ documentClient, tableName, clock: () => new Date(NOW) });
    // One dense day, so a day's shards need several pages and a budget can cut them mid-day.
    const denseDay = variedEvents(160, 12).map((e, i) => ({
      ...e,
      occurredAt: new Date(Date.parse('2026-11-05T00:00:00Z') + i * 500_000).toISOString(),
    }));
    const inputs = [...variedEvents(300, 11), ...denseDay];
    stored = [];
    stored = await ingestAll(services, inputs);
  }, 120_000);

  /** Counts Query requests; the BatchGetItem reading each page's events whole is not a Query. */
  function countQuery(counter: { queries: number }, command: unknown): void {
    if (command instanceof QueryCommand) counter.queries += 1;
  }

  /** A search whose every Query request is counted on its way to DynamoDB Local. */
  function countedSearch(readLimits?: ReadLimits) {
    const counter = { queries: 0 };
    const client = { send: (command: never) => (countQuery(counter, command), documentClient.send(command)) };
    const reader = new DynamoDbEventQuery(client as unknown as DynamoDBDocumentClient, tableName);
    const search = new SearchEvents({
      reader,
      auditor,
      cursorKey: async () => key,
      now: () => new Date(NOW),
      ...(readLimits ? { readLimits } : {}),
    });
    return { search, counter };
  }

  async function allPages(search: SearchEvents, query: Record<string, string>) {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await search.execute({ ...query, ...(cursor ? { cursor } : {}) }, READER);
      ids.push(...page.events.map((e) => e.eventId));
      cursor = page.nextCursor;
      if (++pages > 300) throw new Error('pagination does not end');
    } while (cursor);
    return { ids, pages };
  }

  it.each([
    { from: '0001-01-01T00:00:00Z' },
    { from: '0000-01-01T00:00:00Z', to: '9999-12-31T23:59:59Z' },
    { eventType: 'auth.login.failure', from: '2025-01-01T00:00:00Z' },
  ])('refuses %o with a 400 naming the limit, before reading anything', async (query) => {
    const { search, counter } = countedSearch();
    await expect(search.execute(query, READER)).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('at most 92 days'),
    });
    expect(counter.queries).toBe(0);
  });

  it('refuses an export over an unbounded period with a 400, before reading anything', async () => {
    const counter = { queries: 0 };
    const client = { send: (command: never) => (countQuery(counter, command), documentClient.send(command)) };
    const reader = new DynamoDbEventQuery(client as unknown as DynamoDBDocumentClient, tableName);
    const exporter = new ExportEvents({ reader, auditor, now: () => new Date(NOW) });
    await expect(exporter.execute({ from: '0001-01-01T00:00:00Z' }, READER)).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(counter.queries).toBe(0);
  });

  it('answers an actor search over all time, reading only that actor', async () => {
    const { search, counter } = countedSearch();
    const page = await search.execute({ actor: 'jdoe', from: '0001-01-01T00:00:00Z', limit: '500' }, READER);
    expect([page.events.map((e) => e.eventId), counter.queries]).toEqual([expectedIds(stored, { actor: 'jdoe' }), 1]);
  });

  it('stops a search that matches nothing at its query budget, with a cursor to go on', async () => {
    const { search, counter } = countedSearch({ maxQueries: 16, maxItems: 10_000 });
    const page = await search.execute({ q: 'no such text', from: '2026-10-20T00:00:00Z', to: BEFORE_READS }, READER);
    expect([page.events, typeof page.nextCursor]).toEqual([[], 'string']);
    expect(counter.queries).toBeLessThanOrEqual(16 + SHARDS_PER_DAY);
  });

  it.each<{ limits: ReadLimits; query: Record<string, string> }>([
    { limits: { maxQueries: 24, maxItems: 10_000 }, query: { outcome: 'denied', to: BEFORE_READS, limit: '500' } },
    { limits: { maxQueries: 1_000, maxItems: 20 }, query: { to: BEFORE_READS, limit: '5' } },
    { limits: { maxQueries: 1_000, maxItems: 30 }, query: { outcome: 'denied', to: BEFORE_READS, limit: '5' } },
    { limits: { maxQueries: 1_000, maxItems: 10 }, query: { actor: 'officer-1', limit: '3' } },
  ])(
    'loses and repeats nothing across pages cut by the budget %o',
    async ({ limits, query }) => {
      const { search } = countedSearch(limits);
      const { ids, pages } = await allPages(search, query);
      expect(ids).toEqual(expectedIds(stored, query));
      expect(pages).toBeGreaterThan(1);
    },
    120_000,
  );

  it('bounds a 92-day search at the default budget while an unrelated search reads one partition', async () => {
    // Prepare
    const huge = countedSearch();
    const unrelated = countedSearch();
    // Act
    const [hugePage, actorPage] = await Promise.all([
      huge.search.execute({ q: 'no such text', from: '2026-08-20T12:00:00Z' }, READER),
      unrelated.search.execute({ actor: 'admin-1', limit: '5' }, READER),
    ]);
    // Assess
    expect(hugePage.events).toEqual([]);
    expect(huge.counter.queries).toBeLessThanOrEqual(SEARCH_READ_LIMITS.maxQueries + SHARDS_PER_DAY);
    expect([actorPage.events.length, unrelated.counter.queries]).toEqual([5, 1]);
  }, 120_000);
});
