/**
 * Replay: the events of a period read back from the table (not the stream), oldest
 * first, for `dmis-audit siem replay` locally and the forwarder Lambda's replay request on
 * AWS. The period is on occurredAt, `from` inclusive and `to` exclusive, exactly as the
 * auditor's search reads it (the byTime index through the query core); within it events
 * come in (occurredAt, eventId) order. The walk goes one hour at a time, so memory holds
 * one hour of events whatever the period's length. Hours older than the hot window
 * (hot-window.ts) are read from the sealed archive through the query side's archive tier
 * (planAcrossTiers); a caller without one refuses a period reaching before the hot
 * boundary (`refuseBeforeHotBoundary`) rather than silently replay fewer events.
 */
import { ValidationError } from '../errors';
import { hotBoundary } from '../hot-window';
import type { AuditEventInput } from '../event-schema';
import type { StoredEvent } from '../event-schema';
import { matchingEvents } from '../query/matching-events';
import type { EventIndexReader } from '../query/ports';
import { MAX_SEARCH_DAYS } from '../query/query-plan';
import { planAcrossTiers, type ArchiveTier } from '../query/tiered-plan';

/** A replay period on occurredAt: `from` inclusive, `to` exclusive, ISO 8601 UTC. */
export interface ReplayPeriod {
  readonly from: string;
  readonly to: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const PAGE_SIZE = 1000;

/** Validates and normalises a period (ISO 8601 with an offset; at most MAX_SEARCH_DAYS long). */
export function parseReplayPeriod(from: string | undefined, to: string | undefined): ReplayPeriod {
  const instant = (name: 'from' | 'to', value: string | undefined): string => {
    const ms = value !== undefined && /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) {
      throw new ValidationError(`${name} must be an ISO 8601 time with a zone`, [{ path: name, message: 'not an ISO 8601 time' }]);
    }
    return new Date(ms).toISOString();
  };
  const period = { from: instant('from', from), to: instant('to', to) };
  if (period.from >= period.to) {
    throw new ValidationError('from must be before to', [{ path: 'from', message: 'must be before to' }]);
  }
  if (Date.parse(period.to) - Date.parse(period.from) > MAX_SEARCH_DAYS * DAY_MS) {
    throw new ValidationError(`a replay may span at most ${MAX_SEARCH_DAYS} days`, [{ path: 'from', message: 'period too long' }]);
  }
  return period;
}

/**
 * Every event with `from <= occurredAt < to`, oldest first by (occurredAt, eventId): from the
 * table, and for the part older than the hot window from `archive` when given. Without one,
 * only the table is read: callers check the period first (refuseBeforeHotBoundary).
 */
export async function* eventsOfPeriod(
  reader: EventIndexReader,
  period: ReplayPeriod,
  now = new Date(),
  archive?: ArchiveTier,
): AsyncGenerator<StoredEvent> {
  const end = Date.parse(period.to);
  const options = { pageSize: PAGE_SIZE, ...(archive ? { archive: archive.reader } : {}) };
  for (let start = Date.parse(period.from); start < end; start = nextHour(start)) {
    const window = { from: new Date(start).toISOString(), to: new Date(Math.min(end, nextHour(start))).toISOString() };
    const newestFirst: StoredEvent[] = [];
    for await (const event of matchingEvents(reader, planAcrossTiers(window, now, archive), window, options)) {
      newestFirst.push(event);
    }
    yield* newestFirst.reverse();
  }
}

/**
 * Refuses (ValidationError naming the boundary) a period that starts before the hot boundary,
 * for a replay that reads the table only: its older events have left the table and are in
 * the archive alone.
 */
export function refuseBeforeHotBoundary(period: ReplayPeriod, hotWindowSeconds: number, now = new Date()): void {
  const boundary = hotBoundary(now, hotWindowSeconds).toISOString();
  if (period.from >= boundary) return;
  throw new ValidationError(
    `from is before the hot boundary ${boundary}: older events have left the table and are read from the archive, which this replay does not read; replay from ${boundary} or later`,
    [{ path: 'from', message: `before the hot boundary ${boundary}` }],
  );
}

/**
 * The `audit.export` event recorded before a replay sends anything: a replay hands a
 * period of the trail to a system outside it, which is an export like any other.
 */
export function replayAuditEvent(destination: string, period: ReplayPeriod, operator: string, now = new Date()): AuditEventInput {
  return {
    occurredAt: now.toISOString(),
    eventType: 'audit.export',
    actor: { userId: operator.slice(0, 256) || 'unknown' },
    target: { type: 'siem_destination', id: destination },
    outcome: 'success',
    metadata: { siemReplay: { destination, from: period.from, to: period.to } },
  };
}

/** The start of the next UTC hour. */
function nextHour(ms: number): number {
  return (Math.floor(ms / HOUR_MS) + 1) * HOUR_MS;
}
