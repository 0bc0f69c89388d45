import '../zod-messages';
import * as z from 'zod/mini';
import { CATEGORIES, SEVERITIES, type Category, type Severity } from '../catalogue';
import { ValidationError } from '../errors';
import { OUTCOMES, type Outcome } from '../event-schema';
import { zodDetails, type QueryStringParameters } from '../parse-request';
import type { IpFilter } from './ip-filter';

/**
 * The search filters shared by `GET /v1/events` and `GET /v1/export`, as query-string
 * parameters. This schema is what the handlers validate with and what the OpenAPI
 * document describes.
 */

/** Largest page; the default is {@link DEFAULT_LIMIT}. */
const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 50;

const instant = z.pipe(z.iso.datetime({ offset: true }), z.transform((s: string) => new Date(s).toISOString()));
const text = (max: number, description: string) => z.optional(z.string().check(z.minLength(1), z.maxLength(max), z.describe(description)));
const pattern = (re: RegExp, description: string) => z.optional(z.string().check(z.regex(re), z.describe(description)));
const choice = <T extends readonly [string, ...string[]]>(values: T, description: string) =>
  z.optional(z.enum(values).check(z.describe(description)));

/** Query-string filters of a search or export. Every field is optional. */
export const SearchFiltersSchema = z.strictObject({
  actor: text(256, 'actor.userId, exact'),
  targetType: pattern(/^[a-z][a-z0-9_]{0,63}$/, 'target.type, exact'),
  targetId: text(256, 'target.id, exact; needs targetType'),
  eventType: pattern(/^[a-z][a-z0-9_.]{0,127}\*?$/, 'exact type, or a prefix ending in "." or "*" (e.g. "auth." or "auth.login*")'),
  category: choice(CATEGORIES, 'category, exact'),
  severity: choice(SEVERITIES, 'minimum severity: this one or higher'),
  outcome: choice(OUTCOMES, 'outcome, exact'),
  from: z.optional(instant.check(z.describe('occurredAt >= from (ISO 8601)'))),
  to: z.optional(instant.check(z.describe('occurredAt < to (ISO 8601)'))),
  q: text(200, 'case-insensitive text in action or reason'),
  lateArrivals: choice(['true'] as const, 'only late arrivals: ingestedAt more than 300 s after occurredAt'),
});

/** Search parameters: the filters, the source address, and paging. */
export const SearchParamsSchema = z.extend(SearchFiltersSchema, {
  ip: z.optional(z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' }).check(z.describe('actor.ip, exact (sealed addresses are matched by their blind index)'))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_LIMIT)), DEFAULT_LIMIT),
  cursor: text(2048, 'opaque; from a previous page of the same query'),
});

/** The filters, normalised: eventType split into exact type or prefix. */
export interface SearchFilters {
  readonly actor?: string;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly eventType?: string;
  readonly eventTypePrefix?: string;
  readonly category?: Category;
  readonly minSeverity?: Severity;
  readonly outcome?: Outcome;
  readonly from?: string;
  readonly to?: string;
  readonly q?: string;
  /** Only events that arrived late (late-arrival.ts). */
  readonly lateOnly?: true;
  /** Only events from this source address: resolved by the search use case from `ip` (ip-filter.ts). */
  readonly ip?: IpFilter;
}

/** A parsed search request. */
export interface SearchParams {
  readonly filters: SearchFilters;
  /** The source address asked for, validated; the use case resolves it into `filters.ip`. */
  readonly ip?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** Validates search parameters; throws ValidationError naming each bad parameter. */
export function parseSearchParams(params: QueryStringParameters): SearchParams {
  const parsed = SearchParamsSchema.safeParse(withoutEmpty(params));
  if (!parsed.success) throw new ValidationError('the query parameters are not valid', zodDetails(parsed.error, ''));
  const { limit, cursor, ip, ...rest } = parsed.data;
  return { filters: normaliseFilters(rest), limit, ...(cursor ? { cursor } : {}), ...(ip ? { ip } : {}) };
}

/** Validates the filters only (export, stats, report take no paging). */
export function parseFilters(params: QueryStringParameters): SearchFilters {
  const parsed = SearchFiltersSchema.safeParse(withoutEmpty(params));
  if (!parsed.success) throw new ValidationError('the query parameters are not valid', zodDetails(parsed.error, ''));
  return normaliseFilters(parsed.data);
}

function normaliseFilters(raw: z.output<typeof SearchFiltersSchema>): SearchFilters {
  const { eventType, severity, lateArrivals, ...rest } = raw;
  if (rest.targetId !== undefined && rest.targetType === undefined) {
    throw new ValidationError('targetId needs targetType', [{ path: 'targetId', message: 'needs targetType' }]);
  }
  if (rest.from !== undefined && rest.to !== undefined && rest.from >= rest.to) {
    throw new ValidationError('from must be before to', [{ path: 'from', message: 'must be before to' }]);
  }
  const filters: Record<string, unknown> = { ...dropUndefined(rest) };
  if (severity) filters.minSeverity = severity;
  if (lateArrivals) filters.lateOnly = true;
  if (eventType?.endsWith('*')) filters.eventTypePrefix = eventType.slice(0, -1);
  else if (eventType?.endsWith('.')) filters.eventTypePrefix = eventType;
  else if (eventType) filters.eventType = eventType;
  return filters as SearchFilters;
}

function withoutEmpty(params: QueryStringParameters): Record<string, string> {
  // Null prototype: a parameter named `__proto__` stays a key, so the strict schema refuses it.
  const out = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
