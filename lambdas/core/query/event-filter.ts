import { SEVERITIES, type Severity } from '../catalogue';
import type { StoredEvent } from '../event-schema';
import { isLateArrival } from '../late-arrival';
import { ipMatches } from './ip-filter';
import type { SearchFilters } from './search-query';

/**
 * The search filters as one in-memory predicate. The index query already narrows by its
 * key and pushes most of the rest down as a DynamoDB FilterExpression; this predicate is
 * then applied to every row the store returns, so results are exact whatever the index
 * did, and it alone evaluates `q` (case-insensitive, which DynamoDB cannot do) and
 * `lateOnly` (a difference of two timestamps, which a FilterExpression cannot compute).
 * A source address is compared by its blind index when the stored one is sealed.
 */
export function matchesFilters(event: StoredEvent, f: SearchFilters): boolean {
  if (f.actor !== undefined && event.actor.userId !== f.actor) return false;
  if (f.targetType !== undefined && event.target?.type !== f.targetType) return false;
  if (f.targetId !== undefined && event.target?.id !== f.targetId) return false;
  if (f.eventType !== undefined && event.eventType !== f.eventType) return false;
  if (f.eventTypePrefix !== undefined && !event.eventType.startsWith(f.eventTypePrefix)) return false;
  if (f.category !== undefined && event.category !== f.category) return false;
  if (f.minSeverity !== undefined && !severityAtLeast(event.severity, f.minSeverity)) return false;
  if (f.outcome !== undefined && event.outcome !== f.outcome) return false;
  if (f.from !== undefined && event.occurredAt < f.from) return false;
  if (f.to !== undefined && event.occurredAt >= f.to) return false;
  if (f.q !== undefined && !containsText(event, f.q)) return false;
  if (f.lateOnly && !isLateArrival(event)) return false;
  if (f.ip !== undefined && !ipMatches(event.actor.ip, f.ip)) return false;
  return true;
}

/** The severities at or above `min`, lowest first. */
export function severitiesAtLeast(min: Severity): Severity[] {
  return SEVERITIES.slice(SEVERITIES.indexOf(min));
}

function severityAtLeast(severity: Severity, min: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(min);
}

function containsText(event: StoredEvent, q: string): boolean {
  const needle = q.toLowerCase();
  return event.action.toLowerCase().includes(needle) || (event.reason?.toLowerCase().includes(needle) ?? false);
}
