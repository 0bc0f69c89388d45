import { EVENT_CATALOGUE } from '../catalogue';
import { ValidationError } from '../errors';
import { MAX_FUTURE_SKEW_MS } from '../parse-request';
import type { ArchiveRange, IndexSegment } from './ports';
import type { SearchFilters } from './search-query';

/**
 * Chooses the index for a filter combination. Every combination is an index query:
 * actor → byActor; target → byTarget; eventType (exact, or a catalogue prefix) → byType
 * per month; anything else → byTime per day. Filters the index key does not cover are
 * residual (pushed down as a FilterExpression, then re-checked in memory).
 */

/** Which table index a plan reads. */
export type PlannedIndex = 'byActor' | 'byTarget' | 'byType' | 'byTime';

/** How a search is served. */
export interface QueryPlan {
  readonly index: PlannedIndex;
  /** Disjoint in time, newest first; read in order until the page is full. */
  readonly segments: readonly IndexSegment[];
  /** occurredAt bounds applied to the index sort key. */
  readonly from?: string;
  readonly to?: string;
  /** The part of the period older than the hot window, read from the archive after every segment (tiered-plan.ts). */
  readonly archive?: ArchiveRange;
}

/** Searches by type or day without `from` look back this far. */
export const DEFAULT_WINDOW_DAYS = 90;
/**
 * The longest period a search or export may walk by day or month. The walk costs a query
 * per shard per day whether the days hold events or not, so its length, not the rows it
 * returns, would otherwise set the cost. Actor and target searches walk no calendar.
 */
export const MAX_SEARCH_DAYS = 92;
/** The plan's own ceiling, for use cases with a longer period of their own (the 366-day report). */
const MAX_PLAN_DAYS = 366;
/** Beyond this many catalogue types a prefix is served by byTime instead of byType. */
const MAX_PREFIX_TYPES = 12;
const DAY_MS = 86_400_000;

/**
 * The plan for `filters` at time `now`. A day or month walk longer than `maxDays` is a
 * ValidationError naming the limit, raised before any segment is listed.
 */
export function planQuery(filters: SearchFilters, now: Date, maxDays = MAX_PLAN_DAYS): QueryPlan {
  const bounds = { ...(filters.from ? { from: filters.from } : {}), ...(filters.to ? { to: filters.to } : {}) };
  if (filters.actor !== undefined) {
    return { index: 'byActor', segments: [{ kind: 'actor', actor: filters.actor }], ...bounds };
  }
  if (filters.targetType !== undefined && filters.targetId !== undefined) {
    const segment = { kind: 'target', targetType: filters.targetType, targetId: filters.targetId } as const;
    return { index: 'byTarget', segments: [segment], ...bounds };
  }
  const types = typesOf(filters);
  const window = bucketWindow(filters, now);
  assertWalkable(window, maxDays);
  if (types) {
    const segments = months(window).map((month) => ({ kind: 'type', eventTypes: types, month }) as const);
    return { index: 'byType', segments, ...bounds };
  }
  return { index: 'byTime', segments: days(window).map((day) => ({ kind: 'day', day }) as const), ...bounds };
}

/** The event types a byType plan reads, or undefined when byType cannot serve the filter. */
function typesOf(filters: SearchFilters): string[] | undefined {
  if (filters.eventType !== undefined) return [filters.eventType];
  const prefix = filters.eventTypePrefix;
  if (prefix === undefined) return undefined;
  // Custom types are open-ended, so a prefix that could match one cannot be enumerated.
  if ('custom.'.startsWith(prefix) || prefix.startsWith('custom')) return undefined;
  const types = Object.keys(EVENT_CATALOGUE).filter((t) => t.startsWith(prefix));
  return types.length <= MAX_PREFIX_TYPES ? types : undefined;
}

function bucketWindow(filters: SearchFilters, now: Date): { first: Date; last: Date } {
  const last = filters.to ? new Date(Date.parse(filters.to) - 1) : new Date(now.getTime() + MAX_FUTURE_SKEW_MS);
  const first = filters.from ? new Date(filters.from) : new Date(last.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  return { first, last };
}

function assertWalkable(window: { first: Date; last: Date }, maxDays: number): void {
  // The skew allowance lets `from` = now minus maxDays pass when `to` defaults to now.
  if (window.last.getTime() - window.first.getTime() <= maxDays * DAY_MS + MAX_FUTURE_SKEW_MS) return;
  const message = `a search by time or event type may span at most ${maxDays} days: narrow from/to, or filter by actor or target`;
  throw new ValidationError(message, [{ path: 'from', message: `period longer than ${maxDays} days` }]);
}

/** UTC days from last back to first, as `YYYY-MM-DD`. */
export function days(window: { first: Date; last: Date }): string[] {
  const out: string[] = [];
  const firstDay = window.first.toISOString().slice(0, 10);
  for (let t = window.last.getTime(); ; t -= DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (day < firstDay) break;
    out.push(day);
  }
  return out;
}

function months(window: { first: Date; last: Date }): string[] {
  return [...new Set(days(window).map((d) => d.slice(0, 7)))];
}
