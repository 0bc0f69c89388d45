import { hotBoundary } from '../hot-window';
import type { ArchiveEventReader, ArchiveRange } from './ports';
import { planQuery, type QueryPlan } from './query-plan';
import type { SearchFilters } from './search-query';

/**
 * Splits a search's period at the hot boundary (hot-window.ts): the part at or after it
 * reads the table's indexes as planQuery chooses, the older part becomes one archive range
 * read after every table segment, so the walk stays newest first across both tiers. The
 * walk limit (maxDays) bounds the table segments only: the archive query prunes by
 * partition and costs no request per day. The boundary is taken afresh on every page, not
 * pinned in the cursor: the cursor's (occurredAt, eventId) position means the same thing in
 * both tiers, and a pinned boundary would ask the table for items it has since expired.
 */

/** The archive tier of the read side: where old periods are read, and when a period is old. */
export interface ArchiveTier {
  readonly reader: ArchiveEventReader;
  /** How long events stay in the table (hot-window.ts). */
  readonly hotWindowSeconds: number;
}

/** The plan for `filters` at `now` across the table and, when given, the archive tier. */
export function planAcrossTiers(filters: SearchFilters, now: Date, tier: ArchiveTier | undefined, maxDays?: number): QueryPlan {
  if (!tier) return planQuery(filters, now, maxDays);
  const boundary = hotBoundary(now, tier.hotWindowSeconds).toISOString();
  const lower = filters.from ?? oldestInstant(planQuery(filters, now, maxDays));
  if (lower !== undefined && lower >= boundary) return planQuery(filters, now, maxDays);
  const archive: ArchiveRange = { ...(lower !== undefined ? { from: lower } : {}), to: minOf(filters.to, boundary) };
  if (filters.to !== undefined && filters.to <= boundary) {
    const { from: _from, to: _to, ...unbounded } = filters;
    const { index } = planQuery(unbounded, now, maxDays);
    return { index, segments: [], archive, ...(lower !== undefined ? { from: lower } : {}), to: filters.to };
  }
  return { ...planQuery({ ...filters, from: boundary }, now, maxDays), archive };
}

/**
 * The oldest instant a plan without `from` covers: its oldest day or month segment starts
 * there (a default window reads whole days or months); actor and target plans reach back
 * without limit.
 */
function oldestInstant(plan: QueryPlan): string | undefined {
  const oldest = plan.segments.at(-1);
  if (oldest?.kind === 'day') return `${oldest.day}T00:00:00.000Z`;
  if (oldest?.kind === 'type') return `${oldest.month}-01T00:00:00.000Z`;
  return undefined;
}

function minOf(a: string | undefined, b: string): string {
  return a !== undefined && a < b ? a : b;
}
