import type { StoredEvent } from '../event-schema';
import { matchesFilters } from './event-filter';
import type { ArchiveEventReader, EventIndexReader, IndexSegment, Position } from './ports';
import type { QueryPlan } from './query-plan';
import type { ReadBudget } from './read-budget';
import type { SearchFilters } from './search-query';

/** Options of one walk over a plan. */
export interface WalkOptions {
  readonly before?: Position;
  readonly pageSize: number;
  /** Once exhausted, no further segment starts; where the walk stopped is recorded on it. @default unlimited */
  readonly budget?: ReadBudget;
  /** Reads the plan's archive range, after every segment. @default none: the plan has no archive range */
  readonly archive?: ArchiveEventReader;
}

/** At most this many later segments are read ahead while one is consumed. */
const MAX_READ_AHEAD = 16;

interface Started {
  readonly rows: AsyncIterator<StoredEvent>;
  readonly first: Promise<IteratorResult<StoredEvent>>;
  /** Set by the reader when it cut the segment short. */
  readonly stop: { at?: Position };
}

/**
 * Every event matching `filters`, newest first, walking the plan's segments in order and
 * fetching lazily: a consumer that stops early (one page) stops the reads too. Each time
 * a segment is used up, more later segments are started in parallel (1, 2, 4... up to
 * 16), so a walk over many sparse days costs a few round trips, not one per day. With a
 * budget, the walk ends once it is spent, at a point every newer row has been read.
 */
export async function* matchingEvents(
  reader: EventIndexReader,
  plan: QueryPlan,
  filters: SearchFilters,
  options: WalkOptions,
): AsyncGenerator<StoredEvent> {
  const segments = plan.segments.filter((s) => !(options.before && segmentIsNewer(s, options.before)));
  const started = new Map<number, Started>();
  const budget = options.budget;
  const start = (i: number) => {
    const segment = segments[i];
    // The first segment always starts, so every request makes progress.
    if (segment === undefined || started.has(i) || (i > 0 && budget?.exhausted)) return;
    const stop: { at?: Position } = {};
    const read = { ...segmentRead(segment, plan, filters, options), onStop: (at: Position) => (stop.at = at) };
    const rows = reader.read(read)[Symbol.asyncIterator]();
    const first = rows.next();
    first.catch(() => undefined); // awaited later, or abandoned when the consumer stops
    started.set(i, { rows, first, stop });
  };
  let ahead = 0;
  try {
    for (let i = 0; i < segments.length; i++) {
      for (let j = i; j <= i + ahead; j++) start(j);
      const current = started.get(i);
      // Not started for want of budget: every segment before it was read in full.
      if (!current) return budget?.stopAt({ occurredAt: segmentStart(segments[i - 1] as IndexSegment), eventId: '' });
      started.delete(i);
      for (let r = await current.first; !r.done; r = await current.rows.next()) {
        if (matchesFilters(r.value, filters)) yield r.value;
      }
      if (current.stop.at) return budget?.stopAt(current.stop.at);
      ahead = Math.min(MAX_READ_AHEAD, ahead * 2 || 1);
    }
    yield* archiveEvents(plan, filters, options);
  } finally {
    await Promise.allSettled([...started.values()].map(async (s) => s.rows.return?.()));
  }
}

/** The plan's archive range, read once every table segment is done (it is older than all of them). */
async function* archiveEvents(plan: QueryPlan, filters: SearchFilters, options: WalkOptions): AsyncGenerator<StoredEvent> {
  const range = plan.archive;
  if (!range) return;
  if (!options.archive) throw new TypeError('the plan reads the archive, but no archive reader was given');
  // Out of budget: resume at the top of the archive range, every newer row has been read.
  if (options.budget?.exhausted && range.to !== undefined) return options.budget.stopAt({ occurredAt: range.to, eventId: '' });
  const before = options.before && (range.to === undefined || options.before.occurredAt <= range.to) ? options.before : undefined;
  const rows = options.archive.read({ range, filters, pageSize: options.pageSize, ...(before ? { before } : {}) });
  for await (const event of rows) if (matchesFilters(event, filters)) yield event;
}

function segmentRead(segment: IndexSegment, plan: QueryPlan, filters: SearchFilters, options: WalkOptions) {
  return {
    segment,
    filters,
    pageSize: options.pageSize,
    ...(options.budget ? { budget: options.budget } : {}),
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
// without a request, so deep pages do not re-read every newer partition. A position at a
// segment's very start (eventId '') is where a walk stopped between segments.
function segmentIsNewer(segment: IndexSegment, before: Position): boolean {
  if (segment.kind !== 'day' && segment.kind !== 'type') return false;
  const start = segmentStart(segment);
  return start > before.occurredAt || (start === before.occurredAt && before.eventId === '');
}

/** The first instant a day or month segment covers; actor and target segments have no start. */
function segmentStart(segment: IndexSegment): string {
  if (segment.kind === 'day') return `${segment.day}T00:00:00.000Z`;
  if (segment.kind === 'type') return `${segment.month}-01T00:00:00.000Z`;
  return '';
}
