import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { archivePageQuery, retentionClassesOf, sqlLiteral, type ArchiveDialect } from '../../../lambdas/core/query/archive-sql';
import type { SearchFilters } from '../../../lambdas/core/query/search-query';

const HOSTILE = ["o'brien", "x' OR '1'='1", 'back\\slash', 'nul\u0000byte', '100%_', 'ünïcødé 🚒', 'line\nbreak', '"; DROP TABLE t; --'];
const DIALECTS: ArchiveDialect[] = ['duckdb', 'athena'];

/** Every filter kind at once, with `value` wherever a caller's string can go. */
const everyFilter = (value: string): SearchFilters => ({
  actor: value, targetType: 'user', targetId: value, eventTypePrefix: 'auth.', category: 'authentication',
  minSeverity: 'high', outcome: 'failure', q: value, lateOnly: true,
  ip: { blind: '0123456789abcdef0123456789abcdef', addresses: ['203.0.113.7'] },
});

describe('archivePageQuery', () => {
  test.each(DIALECTS)('%s: caller strings travel only as parameters, never in the SQL text', (dialect) => {
    for (const value of HOSTILE) {
      const { sql, params } = archivePageQuery(dialect, 'events', {
        filters: everyFilter(value), range: { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' },
        before: { occurredAt: '2026-01-20T00:00:00.000Z', eventId: value }, limit: 50,
      });
      expect(sql).not.toContain(value);
      expect(params.filter((p) => p === value)).toHaveLength(5); // actor, targetId, q twice, eventId
      expect(sql.split('?')).toHaveLength(params.length + 1);
    }
  });

  test('any string at all stays out of the SQL text (property)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, unit: 'binary' }), (value) => {
      const { sql, params } = archivePageQuery('athena', 't', { filters: { actor: value }, range: {}, limit: 1 });
      return params.includes(value) && !sql.includes(`'${value}'`);
    }));
  });

  test('prunes by day from the range and by retention class from the event type', () => {
    const { sql, params } = archivePageQuery('duckdb', 'events', {
      filters: { eventType: 'system.debug' }, range: { from: '2026-01-05T10:00:00.000Z', to: '2026-01-07T00:00:00.000Z' }, limit: 10,
    });
    expect(sql).toContain('day >= ?');
    expect(sql).toContain('day <= ?');
    expect(sql).toContain('retention IN (?)');
    expect(params.slice(0, 3)).toEqual(['2026-01-05', '2026-01-06', 'debug']);
  });

  test('orders newest first by (occurredAt, eventId) and limits the page', () => {
    const { sql } = archivePageQuery('athena', '"audit"."events"', { filters: {}, range: {}, limit: 51 });
    expect(sql).toMatch(/ORDER BY json_extract_scalar\(line, '\$\.occurredAt'\) DESC, json_extract_scalar\(line, '\$\.eventId'\) DESC\nLIMIT 51$/);
    expect(sql).not.toContain('WHERE');
  });

  test('the dialects differ only in their JSON and timestamp functions', () => {
    const request = { filters: everyFilter('x'), range: { from: '2026-01-01T00:00:00.000Z' }, limit: 5 };
    const duck = archivePageQuery('duckdb', 't', request);
    const athena = archivePageQuery('athena', 't', request);
    expect(athena.params).toEqual(duck.params);
    const normalise = (sql: string) => sql.replaceAll('json_extract_scalar', 'J').replaceAll('json_extract_string', 'J')
      .replace(/from_iso8601_timestamp\(([^()]*\([^()]*\))\)/g, 'T($1)').replace(/CAST\(([^()]*\([^()]*\)) AS TIMESTAMPTZ\)/g, 'T($1)');
    expect(normalise(athena.sql)).toBe(normalise(duck.sql));
  });

  test('a filter it has no rule for is refused, not silently dropped', () => {
    const filters = { actor: 'a', shoeSize: '9' } as unknown as SearchFilters;
    expect(() => archivePageQuery('duckdb', 't', { filters, range: {}, limit: 1 })).toThrow(/shoeSize/);
  });

  test.each([0, -1, 1.5, Number.NaN])('refuses the page size %p', (limit) => {
    expect(() => archivePageQuery('duckdb', 't', { filters: {}, range: {}, limit })).toThrow(RangeError);
  });
});

describe('retentionClassesOf', () => {
  test('an exact catalogue type has its one class; a custom type is application', () => {
    expect(retentionClassesOf({ eventType: 'auth.login.failure' })).toEqual(['security']);
    expect(retentionClassesOf({ eventType: 'custom.warehouse.stock_count' })).toEqual(['application']);
  });

  test('a prefix that could match a custom type keeps application; no type filter prunes nothing', () => {
    expect(retentionClassesOf({ eventTypePrefix: 'system.' })).toEqual(['system', 'debug']);
    expect(retentionClassesOf({ eventTypePrefix: 'c' })).toContain('application');
    expect(retentionClassesOf({ actor: 'a' })).toBeUndefined();
  });
});

describe('sqlLiteral', () => {
  test.each([
    ['plain', "'plain'"],
    ["o'brien", "U&'o\\0027brien'"],
    ['a\\b', "U&'a\\005cb'"],
    ['nul\u0000', "U&'nul\\0000'"],
    ['é🚒', "U&'\\00e9\\+01f692'"],
  ])('%j is the literal %s', (value, literal) => {
    expect(sqlLiteral(value)).toBe(literal);
  });

  test('no string can close the literal early (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (value) => {
      const body = sqlLiteral(value).replace(/^(U&)?'/, '').slice(0, -1);
      return !body.includes("'") && /^[\x20-\x7e]*$/.test(body);
    }));
  });
});
