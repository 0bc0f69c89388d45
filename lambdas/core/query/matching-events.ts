import type { StoredEvent } from '../event-schema';
import { matchesFilters } from './event-filter';
import type { EventIndexReader, Position } from './ports';
import type { QueryPlan } from './query-plan';
import type { SearchFilters } from './search-query';

/** Options of one walk over a plan. */
export interface WalkOptions {
  readonly before?: Position;
  readonly pageSize: number;
}

/**
 * Every event matching `filters`, newest first, walking the plan's segments in order and
 * fetching lazily: a consumer that stops early (one page) stops the reads too.
 */
export async function* matchingEvents(
  reader: EventIndexReader,
  plan: QueryPlan,
  filters: SearchFilters,
  options: WalkOptions,
): AsyncGenerator<StoredEvent> {
  for (const segment of plan.segments) {
    if (options.before && segmentIsNewer(segment, options.before)) continue;
    const rows = reader.read({
      segment,
      filters,
      pageSize: options.pageSize,
      ...(plan.from ? { from: plan.from } : {}),
      ...(plan.to ? { to: plan.to } : {}),
      ...(options.before ? { before: options.before } : {}),
    });
    for await (const event of rows) {
      if (matchesFilters(event, filters)) yield event;
    }
  }
}

/** The (occurredAt, eventId) sort key every index shares; newest first means descending. */
export function positionOf(event: StoredEvent): Position {
  return { occurredAt: event.occurredAt, eventId: event.eventId };
}

// A day or month wholly after the cursor's position holds nothing older than it: skip it
// without a request, so deep pages do not re-read every newer partition.
function segmentIsNewer(segment: QueryPlan['segments'][number], before: Position): boolean {
  if (segment.kind === 'day') return segment.day > before.occurredAt.slice(0, 10);
  if (segment.kind === 'type') return segment.month > before.occurredAt.slice(0, 7);
  return false;
}
