import type { StoredEvent } from '../event-schema';
import { matchesFilters } from './event-filter';
import type { EventIndexReader, IndexSegment, Position } from './ports';
import type { QueryPlan } from './query-plan';
import type { SearchFilters } from './search-query';

/** Options of one walk over a plan. */
export interface WalkOptions {
  readonly before?: Position;
  readonly pageSize: number;
}

/** At most this many later segments are read ahead while one is consumed. */
const MAX_READ_AHEAD = 16;

interface Started {
  readonly rows: AsyncIterator<StoredEvent>;
  readonly first: Promise<IteratorResult<StoredEvent>>;
}

/**
 * Every event matching `filters`, newest first, walking the plan's segments in order and
 * fetching lazily: a consumer that stops early (one page) stops the reads too. Each time
 * a segment is used up, more later segments are started in parallel (1, 2, 4... up to
 * 16), so a walk over many sparse days costs a few round trips, not one per day.
 */
export async function* matchingEvents(
  reader: EventIndexReader,
  plan: QueryPlan,
  filters: SearchFilters,
  options: WalkOptions,
): AsyncGenerator<StoredEvent> {
  const segments = plan.segments.filter((s) => !(options.before && segmentIsNewer(s, options.before)));
  const started = new Map<number, Started>();
  const start = (i: number) => {
    const segment = segments[i];
    if (segment === undefined || started.has(i)) return;
    const rows = reader.read(segmentRead(segment, plan, filters, options))[Symbol.asyncIterator]();
    const first = rows.next();
    first.catch(() => undefined); // awaited later, or abandoned when the consumer stops
    started.set(i, { rows, first });
  };
  let ahead = 0;
  try {
    for (let i = 0; i < segments.length; i++) {
      for (let j = i; j <= i + ahead; j++) start(j);
      const { rows, first } = started.get(i) as Started;
      started.delete(i);
      for (let r = await first; !r.done; r = await rows.next()) {
        if (matchesFilters(r.value, filters)) yield r.value;
      }
      ahead = Math.min(MAX_READ_AHEAD, ahead * 2 || 1);
    }
  } finally {
    await Promise.allSettled([...started.values()].map(async (s) => s.rows.return?.()));
  }
}

function segmentRead(segment: IndexSegment, plan: QueryPlan, filters: SearchFilters, options: WalkOptions) {
  return {
    segment,
    filters,
    pageSize: options.pageSize,
    ...(plan.from ? { from: plan.from } : {}),
    ...(plan.to ? { to: plan.to } : {}),
    ...(options.before ? { before: options.before } : {}),
  };
}

/** The (occurredAt, eventId) sort key every index shares; newest first means descending. */
export function positionOf(event: StoredEvent): Position {
  return { occurredAt: event.occurredAt, eventId: event.eventId };
}

// A day or month wholly after the cursor's position holds nothing older than it: skip it
// without a request, so deep pages do not re-read every newer partition.
function segmentIsNewer(segment: IndexSegment, before: Position): boolean {
  if (segment.kind === 'day') return segment.day > before.occurredAt.slice(0, 10);
  if (segment.kind === 'type') return segment.month > before.occurredAt.slice(0, 7);
  return false;
}
