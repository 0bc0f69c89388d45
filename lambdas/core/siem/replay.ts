/**
 * Replay: the events of a period read back from the table (not the stream), oldest
 * first, for `dmis-audit siem replay` locally and the forwarder Lambda's replay request on
 * AWS. The period is on occurredAt, `from` inclusive and `to` exclusive, exactly as the
 * auditor's search reads it (the byTime index through the query core); within it events
 * come in (occurredAt, eventId) order. The walk goes one hour at a time, so memory holds
 * one hour of events whatever the period's length.
 */
import { ValidationError } from '../errors';
import type { AuditEventInput } from '../event-schema';
import type { StoredEvent } from '../event-schema';
import { matchingEvents } from '../query/matching-events';
import type { EventIndexReader } from '../query/ports';
import { MAX_SEARCH_DAYS, planQuery } from '../query/query-plan';

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

/** Every event with `from <= occurredAt < to`, oldest first by (occurredAt, eventId). */
export async function* eventsOfPeriod(reader: EventIndexReader, period: ReplayPeriod, now = new Date()): AsyncGenerator<StoredEvent> {
  const end = Date.parse(period.to);
  for (let start = Date.parse(period.from); start < end; start = nextHour(start)) {
    const window = { from: new Date(start).toISOString(), to: new Date(Math.min(end, nextHour(start))).toISOString() };
    const newestFirst: StoredEvent[] = [];
    for await (const event of matchingEvents(reader, planQuery(window, now), window, { pageSize: PAGE_SIZE })) {
      newestFirst.push(event);
    }
    yield* newestFirst.reverse();
  }
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
