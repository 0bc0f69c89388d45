import { EVENT_CATALOGUE, RETENTION_CLASSES, type RetentionClass } from '../catalogue';
import type { StoredEvent } from '../event-schema';
import { LATE_ARRIVAL_THRESHOLD_SECONDS } from '../late-arrival';
import { severitiesAtLeast } from './event-filter';
import type { ArchiveRange, Position } from './ports';
import type { SearchFilters } from './search-query';

/**
 * The one SQL builder over the archive's event objects
 * (`events/retention=<class>/day=<YYYY-MM-DD>/<seq>.ndjson.gz`, archive-codec.ts), for
 * DuckDB locally and Athena (Trino) on AWS. The relation has three columns: `line` (one
 * stored event exactly as archived), and the partition columns `retention` and `day`.
 * Partitions are pruned by day (from/to) and by retention class when the event type
 * implies it; every filter becomes a predicate on the line's JSON, and the rows come back
 * newest first by (occurredAt, eventId), continuing strictly after a keyset position.
 * Caller values never enter the SQL text: they are `?` parameters, bound by the adapter
 * (DuckDB binds them; Athena's ExecutionParameters take them as literals, `sqlLiteral`).
 */

/** The two engines; they differ only in JSON and timestamp function names. */
export type ArchiveDialect = 'duckdb' | 'athena';

/** A query and its positional parameters, in order. */
export interface ArchiveQuery {
  readonly sql: string;
  readonly params: readonly string[];
}

/** One page of one archive read. */
export interface ArchivePageRequest {
  readonly filters: SearchFilters;
  readonly range: ArchiveRange;
  readonly before?: Position;
  readonly limit: number;
}

const JSON_TEXT: Record<ArchiveDialect, string> = { duckdb: 'json_extract_string', athena: 'json_extract_scalar' };
const TIMESTAMP: Record<ArchiveDialect, string> = { duckdb: 'CAST(? AS TIMESTAMPTZ)', athena: 'from_iso8601_timestamp(?)' };

/** Builds WHERE predicates with their parameters, in order. */
class Predicates {
  readonly clauses: string[] = [];
  readonly params: string[] = [];

  constructor(private readonly dialect: ArchiveDialect) {}

  /** A string field of the line, by JSONPath (fixed paths only, never a caller's). */
  field(path: string): string {
    return `${JSON_TEXT[this.dialect]}(line, '${path}')`;
  }

  add(clause: string, ...params: string[]): void {
    this.clauses.push(clause);
    this.params.push(...params);
  }

  eq(path: string, value: string): void {
    this.add(`${this.field(path)} = ?`, value);
  }

  oneOf(expression: string, values: readonly string[]): void {
    this.add(`${expression} IN (${values.map(() => '?').join(', ')})`, ...values);
  }

  timestamp(path: string): string {
    return TIMESTAMP[this.dialect].replace('?', this.field(path));
  }
}

type FilterRule<K extends keyof SearchFilters> = (p: Predicates, value: NonNullable<SearchFilters[K]>, f: SearchFilters) => void;

// Typed over every key of SearchFilters: a new filter does not compile until it has a rule.
const FILTER_RULES: { readonly [K in keyof Required<SearchFilters>]: FilterRule<K> } = {
  actor: (p, v) => p.eq('$.actor.userId', v),
  targetType: (p, v) => p.eq('$.target.type', v),
  targetId: (p, v) => p.eq('$.target.id', v),
  eventType: (p, v) => p.eq('$.eventType', v),
  eventTypePrefix: (p, v) => p.add(`starts_with(${p.field('$.eventType')}, ?)`, v),
  category: (p, v) => p.eq('$.category', v),
  minSeverity: (p, v) => p.oneOf(p.field('$.severity'), severitiesAtLeast(v)),
  outcome: (p, v) => p.eq('$.outcome', v),
  from: () => undefined, // the range carries from/to, clipped at the hot boundary
  to: () => undefined,
  // A superset of the exact test (event-filter.ts re-checks every row): lower() in SQL and
  // toLowerCase() in JavaScript may disagree on rare characters, so both are narrowed alike.
  q: (p, v) => p.add(`(strpos(lower(${p.field('$.action')}), lower(?)) > 0 OR strpos(lower(coalesce(${p.field('$.reason')}, '')), lower(?)) > 0)`, v, v),
  // A sealed address (`pii:v1:<keyId>:<blind>:<payload>`) by its blind, a clear one by its spellings.
  ip: (p, v) => {
    const ip = p.field('$.actor.ip');
    p.add(`((starts_with(${ip}, 'pii:v1:') AND strpos(${ip}, ?) > 0) OR ${ip} IN (${v.addresses.map(() => '?').join(', ')}))`, `:${v.blind}:`, ...v.addresses);
  },
  lateOnly: (p) =>
    p.add(`date_diff('millisecond', ${p.timestamp('$.occurredAt')}, ${p.timestamp('$.ingestedAt')}) > ${LATE_ARRIVAL_THRESHOLD_SECONDS * 1000}`),
};

/** The SQL for one page of `request` over `relation` (an engine-specific, trusted table expression). */
export function archivePageQuery(dialect: ArchiveDialect, relation: string, request: ArchivePageRequest): ArchiveQuery {
  if (!Number.isSafeInteger(request.limit) || request.limit < 1) throw new RangeError('limit must be a positive integer');
  const p = new Predicates(dialect);
  prunePartitions(p, request);
  for (const [key, value] of Object.entries(request.filters)) {
    if (value === undefined) continue;
    const rule = (FILTER_RULES as Record<string, FilterRule<keyof SearchFilters> | undefined>)[key];
    if (!rule) throw new TypeError(`the archive query has no rule for the filter ${JSON.stringify(key)}`);
    rule(p, value as never, request.filters);
  }
  const occurredAt = p.field('$.occurredAt');
  const eventId = p.field('$.eventId');
  if (request.range.from !== undefined) p.add(`${occurredAt} >= ?`, request.range.from);
  if (request.range.to !== undefined) p.add(`${occurredAt} < ?`, request.range.to);
  if (request.before) {
    const { occurredAt: o, eventId: e } = request.before;
    p.add(`(${occurredAt} < ? OR (${occurredAt} = ? AND ${eventId} < ?))`, o, o, e);
  }
  const where = p.clauses.length > 0 ? `\nWHERE ${p.clauses.join('\n  AND ')}` : '';
  const sql = `SELECT line FROM ${relation}${where}\nORDER BY ${occurredAt} DESC, ${eventId} DESC\nLIMIT ${request.limit}`;
  return { sql, params: p.params };
}

/**
 * The SQL for one event by its eventId, over every partition. At most two rows: one is the
 * event; a second means the archive holds the id twice, which the reader refuses to guess.
 */
export function archiveEventByIdQuery(dialect: ArchiveDialect, relation: string, eventId: string): ArchiveQuery {
  const p = new Predicates(dialect);
  p.eq('$.eventId', eventId);
  return { sql: `SELECT line FROM ${relation}\nWHERE ${p.clauses.join('\n  AND ')}\nLIMIT 2`, params: p.params };
}

/**
 * The answer to archiveEventByIdQuery: its one line as the stored event, undefined for none.
 * Two lines mean the id is archived twice; which copy is the event is for the verifier to
 * say, so the read fails rather than pick one.
 */
export function archivedEventOf(lines: readonly string[], eventId: string): StoredEvent | undefined {
  if (lines.length > 1) throw new Error(`the archive holds event ${eventId} more than once`);
  return lines[0] === undefined ? undefined : (JSON.parse(lines[0]) as StoredEvent);
}

function prunePartitions(p: Predicates, request: ArchivePageRequest): void {
  const { from, to } = request.range;
  if (from !== undefined) p.add('day >= ?', from.slice(0, 10));
  if (to !== undefined) p.add('day <= ?', new Date(Date.parse(to) - 1).toISOString().slice(0, 10));
  const classes = retentionClassesOf(request.filters);
  if (classes && classes.length < RETENTION_CLASSES.length) p.oneOf('retention', classes);
}

/** The retention classes an event type filter can match, or undefined when any can. */
export function retentionClassesOf(filters: SearchFilters): RetentionClass[] | undefined {
  const prefix = filters.eventType ?? filters.eventTypePrefix;
  if (prefix === undefined) return undefined;
  const exact = filters.eventType !== undefined;
  const types = Object.entries(EVENT_CATALOGUE).filter(([t]) => (exact ? t === prefix : t.startsWith(prefix)));
  const classes = new Set<RetentionClass>(types.map(([, entry]) => entry.retention));
  // Custom types (custom.<namespace>.<name>) are kept with application retention.
  const custom = exact ? prefix.startsWith('custom.') : 'custom.'.startsWith(prefix) || prefix.startsWith('custom');
  if (custom || classes.size === 0) classes.add('application');
  return RETENTION_CLASSES.filter((c) => classes.has(c));
}

/**
 * A Trino string literal for an Athena execution parameter: every character outside
 * printable ASCII, the quote and the backslash is a Unicode escape, so no caller string
 * can end the literal or smuggle a control character (NUL included) into the statement.
 */
export function sqlLiteral(value: string): string {
  let escaped = '';
  let plain = true;
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0x20 && code < 0x7f && ch !== "'" && ch !== '\\') {
      escaped += ch;
      continue;
    }
    plain = false;
    escaped += code > 0xffff ? `\\+${code.toString(16).padStart(6, '0')}` : `\\${code.toString(16).padStart(4, '0')}`;
  }
  return plain ? `'${escaped}'` : `U&'${escaped}'`;
}
