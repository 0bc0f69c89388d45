/**
 * A stored event as a destination's record, in the destination's format, and which events a
 * destination receives. The forwarder calls these for every event and every route.
 */
import { SEVERITIES } from '../catalogue';
import type { StoredEvent } from '../event-schema';
import { cefMessage } from './cef';
import type { SiemFilter, SiemFormat } from './destinations';
import { jsonRecord } from './json';
import { ocsfEvent } from './ocsf';
import type { SiemRecord } from './ports';
import { jsonLine } from './safe-text';

const BODY_OF: Readonly<Record<SiemFormat, (event: StoredEvent) => string>> = {
  cef: cefMessage,
  json: jsonRecord,
  ocsf: (event) => jsonLine(ocsfEvent(event)),
};

/** The event as one record of the format: a CEF line, or one line of JSON (ours or OCSF). */
export function siemRecord(format: SiemFormat, event: StoredEvent): SiemRecord {
  return { eventId: event.eventId, ingestedAt: event.ingestedAt, body: BODY_OF[format](event) };
}

/**
 * True when the event passes the destination's filter: its category listed, its severity at
 * least `minSeverity`, its type equal to a listed type or under a listed prefix ending in `.`.
 * No filter, or no criteria, lets every event through.
 */
export function matchesFilter(filter: SiemFilter | undefined, event: StoredEvent): boolean {
  if (!filter) return true;
  if (filter.categories && !filter.categories.includes(event.category)) return false;
  if (filter.minSeverity && SEVERITIES.indexOf(event.severity) < SEVERITIES.indexOf(filter.minSeverity)) return false;
  if (filter.eventTypes && !filter.eventTypes.some((type) => matchesType(type, event.eventType))) return false;
  return true;
}

function matchesType(pattern: string, eventType: string): boolean {
  return pattern.endsWith('.') ? eventType.startsWith(pattern) : eventType === pattern;
}
