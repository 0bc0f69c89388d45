import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbArchiveReader } from '../../lambdas/adapters/duckdb/duckdb-archive-reader';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import type { ArchiveRange } from '../../lambdas/core/query/ports';
import type { SearchFilters } from '../../lambdas/core/query/search-query';
import { aStoredEvent, expectedArchiveRead, writeArchivedEvents } from '../fixtures/archive-events';

/** Caller strings that would break naive SQL: quotes, backslashes, NUL, wildcards, unicode, newlines. */
const HOSTILE = ["o'brien", "x' OR '1'='1", 'back\\slash\\', 'nul\u0000byte', '100%_match', 'ünïcødé-名前-🚒', 'line\nbreak', '"; DROP TABLE t; --', "U&'\\0027'"];

const DAYS = ['2026-03-01', '2026-03-02', '2026-03-03'];

function corpus(): StoredEvent[] {
  const events: StoredEvent[] = [];
  DAYS.forEach((day, d) => {
    HOSTILE.forEach((userId, i) => {
      events.push(aStoredEvent({ occurredAt: `${day}T0${i}:00:00.000Z`, actor: { userId, ip: `198.51.100.${i + 1}` }, reason: `Reason ${userId}` }));
    });
    events.push(aStoredEvent({ occurredAt: `${day}T10:00:00.000Z`, eventType: 'auth.login.failure', outcome: 'failure', actor: { userId: 'jdoe' }, target: { type: 'user', id: 'jdoe' }, changes: undefined }));
    events.push(aStoredEvent({ occurredAt: `${day}T10:00:00.000Z`, eventType: 'system.debug', actor: { userId: 'svc' }, changes: undefined }));
    events.push(aStoredEvent({ occurredAt: `${day}T11:00:00.000Z`, eventType: 'custom.warehouse.stock_count', actor: { userId: 'svc' } }, 3600 * (d + 1)));
    events.push(aStoredEvent({ occurredAt: `${day}T12:00:00.000Z`, eventType: 'authz.role.grant', severity: 'critical', outcome: 'denied', actor: { userId: 'admin' }, changes: undefined }));
  });
  return events;
}

describe('DuckDbArchiveReader over the partitioned archive', () => {
  let root: string;
  let reader: DuckDbArchiveReader;
  const events = corpus();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'archive-duckdb-'));
    await writeArchivedEvents(root, 1, events.slice(0, 20));
    await writeArchivedEvents(root, 2, events.slice(20));
    reader = new DuckDbArchiveReader(root);
  });

  afterAll(async () => {
    await reader.close();
    await rm(root, { recursive: true, force: true });
  });

  const readAll = async (filters: SearchFilters, range: ArchiveRange = {}, pageSize = 100) => {
    const out: StoredEvent[] = [];
    for await (const e of reader.read({ filters, range, pageSize })) out.push(e);
    return out;
  };

  test.each(HOSTILE)('an actor search for %j finds exactly that actor, byte for byte', async (userId) => {
    const found = await readAll({ actor: userId });
    expect(found).toHaveLength(DAYS.length);
    expect(found).toEqual(expectedArchiveRead(events, { actor: userId }));
  });

  const CASES: [string, SearchFilters, ArchiveRange][] = [
    ['target', { targetType: 'user', targetId: 'jdoe' }, {}],
    ['exact type', { eventType: 'auth.login.failure' }, {}],
    ['type prefix', { eventTypePrefix: 'custom.' }, {}],
    ['category', { category: 'authentication' }, {}],
    ['minimum severity', { minSeverity: 'high' }, {}],
    ['outcome', { outcome: 'denied' }, {}],
    ['text, case-insensitive', { q: "REASON O'BRIEN" }, {}],
    ['late arrivals', { lateOnly: true }, {}],
    ['one day', {}, { from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' }],
    ['a range inside a day', { actor: 'svc' }, { from: '2026-03-01T10:30:00.000Z', to: '2026-03-03T10:30:00.000Z' }],
    ['everything', {}, {}],
  ];

  test.each(CASES)('%s: the same events, in the same order, as the in-memory filter', async (_label, filters, range) => {
    const expected = expectedArchiveRead(events, filters, range);
    expect(expected.length).toBeGreaterThan(0);
    await expect(readAll(filters, range)).resolves.toEqual(expected);
  });

  test('pages of two rows continue by (occurredAt, eventId) without a gap or a repeat', async () => {
    const all = await readAll({}, {}, 2);
    expect(all.map((e) => e.eventId)).toEqual(expectedArchiveRead(events, {}).map((e) => e.eventId));
  });

  test('a read continues strictly after `before`', async () => {
    const all = expectedArchiveRead(events, {});
    const cut = all[7] as StoredEvent;
    const rest: StoredEvent[] = [];
    for await (const e of reader.read({ filters: {}, range: {}, pageSize: 5, before: { occurredAt: cut.occurredAt, eventId: cut.eventId } })) rest.push(e);
    expect(rest).toEqual(all.slice(8));
  });

  test('a day-bounded read opens only its day partitions: a corrupt object on another day is never read', async () => {
    const other = await mkdtemp(join(tmpdir(), 'archive-duckdb-pruned-'));
    const local = new DuckDbArchiveReader(other);
    try {
      await writeArchivedEvents(other, 1, events);
      await writeFile(join(other, 'events/retention=security/day=2026-03-01/000000000009.ndjson.gz'), 'not gzip at all');
      const found: StoredEvent[] = [];
      for await (const e of local.read({ filters: {}, range: { from: '2026-03-02T00:00:00.000Z' }, pageSize: 100 })) found.push(e);
      expect(found).toEqual(expectedArchiveRead(events, {}, { from: '2026-03-02T00:00:00.000Z' }));
      await expect(readEverything(local)).rejects.toThrow();
    } finally {
      await local.close();
      await rm(other, { recursive: true, force: true });
    }
  });

  test('an archive with no event objects yet reads as empty', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'archive-duckdb-empty-'));
    const local = new DuckDbArchiveReader(empty);
    try {
      await expect(readEverything(local)).resolves.toEqual([]);
    } finally {
      await local.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});

async function readEverything(reader: DuckDbArchiveReader): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of reader.read({ filters: {}, range: {}, pageSize: 100 })) out.push(e);
  return out;
}
