import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildAuditServices, type AuditServices } from '../../lambdas/composition/audit-services';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import { AuditError } from '../../lambdas/core/errors';
import { createTestTable } from '../setup/table';
import { BEFORE_READS, expectedIds, ingestAll, NOW, variedEvents } from './query-fixtures';

const READER = { principal: 'arn:aws:sts::123456789012:assumed-role/AuditReader/auditor-ann' };

describe('GET /v1/events search on DynamoDB Local', () => {
  let services: AuditServices;
  let stored: StoredEvent[];

  beforeAll(async () => {
    const table = await createTestTable('audit-query');
    const key = randomBytes(32);
    services = buildAuditServices({
      documentClient: table.documentClient, tableName: table.tableName, clock: () => new Date(NOW),
      query: { cursorKey: async () => key },
    });
    stored = await ingestAll(services, variedEvents(600));
  }, 120_000);

  /** Every page of a query, following cursors; fails on a loop. */
  async function allPages(query: Record<string, string>): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await services.query.searchEvents.execute({ ...query, ...(cursor ? { cursor } : {}) }, READER);
      ids.push(...page.events.map((e) => e.eventId));
      cursor = page.nextCursor;
      pages += 1;
      if (pages > 200) throw new Error('pagination does not end');
    } while (cursor);
    return { ids, pages };
  }

  const combinations: Record<string, string>[] = [
    { to: BEFORE_READS },
    { actor: 'jdoe' },
    { actor: 'officer-1', eventType: 'auth.' },
    { targetType: 'donation', targetId: 'R-3' },
    { targetType: 'user', to: BEFORE_READS },
    { eventType: 'auth.login.failure' },
    { eventType: 'authz.*', to: BEFORE_READS },
    { eventType: 'custom.warehouse.stock_count' },
    { eventType: 'custom.', to: BEFORE_READS },
    { category: 'authorization', to: BEFORE_READS },
    { severity: 'high', to: BEFORE_READS },
    { outcome: 'denied', from: '2026-11-01T00:00:00Z', to: '2026-11-10T06:30:00Z' },
    { q: 'password', to: BEFORE_READS },
    { q: 'FORBIDDEN', eventType: 'authz.access.denied' },
    { actor: 'admin-1', severity: 'medium', outcome: 'success', from: '2026-10-28T00:00:00Z', to: '2026-11-15T00:00:00Z' },
    { targetType: 'dispatch', targetId: 'R-1', eventType: 'dispatch.create', category: 'data_change' },
  ];

  it.each(combinations)('returns exactly the matching events, newest first, for %o', async (query) => {
    const expected = expectedIds(stored, query);
    const { ids } = await allPages({ ...query, limit: '500' });
    expect(ids).toEqual(expected);
  });

  it('finds something for most combinations, so the comparisons above are not vacuous', () => {
    const nonEmpty = combinations.filter((q) => expectedIds(stored, q).length > 0);
    expect(nonEmpty.length).toBeGreaterThanOrEqual(combinations.length - 1);
  });

  const paged: Record<string, string>[] = [{ to: BEFORE_READS }, { eventType: 'auth.' }, { actor: 'officer-2' }, { severity: 'medium', to: BEFORE_READS }];
  it.each(paged)(
    'visits every event exactly once across pages of 7 for %o',
    async (query) => {
      const { ids, pages } = await allPages({ ...query, limit: '7' });
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expectedIds(stored, query));
      expect(pages).toBe(Math.max(1, Math.ceil(ids.length / 7)));
    },
    // Dozens of pages, each a day walk plus one BatchGetItem of its events: minutes on a busy machine.
    240_000,
  );

  it('defaults to 50 events per page', async () => {
    const page = await services.query.searchEvents.execute({ to: BEFORE_READS }, READER);
    expect(page.events).toHaveLength(50);
  });

  it('rejects a limit above 500', async () => {
    await expect(services.query.searchEvents.execute({ limit: '501' }, READER)).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('rejects targetId without targetType', async () => {
    await expect(services.query.searchEvents.execute({ targetId: 'R-1' }, READER)).rejects.toMatchObject({ code: 'invalid_request' });
  });

  describe('cursors', () => {
    const firstCursor = async (query: Record<string, string>) => {
      const page = await services.query.searchEvents.execute(query, READER);
      if (!page.nextCursor) throw new Error('expected a second page');
      return page.nextCursor;
    };

    it('rejects a cursor whose signature was altered', async () => {
      const cursor = await firstCursor({ actor: 'jdoe', limit: '5' });
      const [body, mac] = cursor.split('.') as [string, string];
      const flipped = `${body}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
      await expect(services.query.searchEvents.execute({ actor: 'jdoe', limit: '5', cursor: flipped }, READER))
        .rejects.toMatchObject({ code: 'invalid_request', details: [{ path: 'cursor', message: 'has been altered' }] });
    });

    it('rejects a cursor whose position was edited', async () => {
      const cursor = await firstCursor({ actor: 'jdoe', limit: '5' });
      const [body, mac] = cursor.split('.') as [string, string];
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      const edited = Buffer.from(JSON.stringify({ ...payload, o: '2030-01-01T00:00:00.000Z' })).toString('base64url');
      await expect(services.query.searchEvents.execute({ actor: 'jdoe', limit: '5', cursor: `${edited}.${mac}` }, READER))
        .rejects.toBeInstanceOf(AuditError);
    });

    it('rejects a cursor replayed against another query', async () => {
      const cursor = await firstCursor({ actor: 'jdoe', limit: '5' });
      await expect(services.query.searchEvents.execute({ actor: 'officer-1', limit: '5', cursor }, READER))
        .rejects.toMatchObject({ code: 'invalid_request', details: [{ path: 'cursor', message: 'belongs to a different query' }] });
    });

    it('rejects a cursor replayed with another page size', async () => {
      const cursor = await firstCursor({ actor: 'jdoe', limit: '5' });
      await expect(services.query.searchEvents.execute({ actor: 'jdoe', limit: '6', cursor }, READER))
        .rejects.toMatchObject({ code: 'invalid_request' });
    });

    it('rejects garbage', async () => {
      await expect(services.query.searchEvents.execute({ cursor: 'not-a-cursor' }, READER)).rejects.toMatchObject({ code: 'invalid_request' });
    });
  });

  it('records each search as an audit.read event naming the query', async () => {
    await services.query.searchEvents.execute({ actor: 'clerk-9', outcome: 'failure' }, READER);
    const reads = await services.query.searchEvents.execute({ actor: READER.principal, eventType: 'audit.read', limit: '500' }, READER);
    const recorded = reads.events.map((e) => e.metadata as { route: string; query: Record<string, unknown> });
    expect(recorded).toContainEqual(expect.objectContaining({
      route: 'GET /v1/events',
      query: expect.objectContaining({ actor: 'clerk-9', outcome: 'failure' }),
    }));
  });
});
