/**
 * RFC 5424 syslog messages and RFC 5425/6587 octet-counting frames.
 *
 * `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [dmis@32473 eventId="…" contentHash="…"] MSG`
 *
 * - PRI: facility 13 ("log audit") by default, an audit trail's own facility, so a collector
 *   can route it apart from auth/authpriv (10) logs of the hosts; severity from ours:
 *   low → 6 informational, medium → 5 notice, high → 4 warning, critical → 2 critical.
 * - TIMESTAMP: the event's occurredAt (UTC, at most 6 fraction digits, as §6.2.3 allows).
 * - HOSTNAME, APP-NAME, PROCID, MSGID: printable US-ASCII (33–126) cut to §6's lengths (255,
 *   48, 128, 32); anything else becomes `_`; empty is the NILVALUE `-`. MSGID is the event
 *   type when it fits in 32 characters, else its category.
 * - Structured data: SD-ID `dmis@32473`. 32473 is IANA's example private enterprise number
 *   (RFC 5612): a deployment with its own PEN replaces it here, nowhere else.
 * - MSG: UTF-8 without a BOM (RFC 5424's MSG-ANY). CEF consumers expect `CEF:0|` as the
 *   first bytes of MSG and a BOM would hide it; the bytes are still UTF-8.
 */
import type { Severity } from '../catalogue';
import type { StoredEvent } from '../event-schema';
import { oneLine, unsafeTextTest } from './safe-text';

/** RFC 5424 header fields a destination may set. */
export interface SyslogOptions {
  /** HOSTNAME. @default "-" (NILVALUE) */
  readonly hostname?: string;
  /** APP-NAME. @default "dmis-audit" */
  readonly appName?: string;
  /** PROCID. @default "-" */
  readonly procId?: string;
  /** Facility 0–23. @default 13 (log audit) */
  readonly facility?: number;
}

/** The SD-ID of our structured data element: name@private-enterprise-number. */
export const SD_ID = 'dmis@32473';
export const DEFAULT_FACILITY = 13;
export const DEFAULT_APP_NAME = 'dmis-audit';

/** Syslog severity (RFC 5424 §6.2.1) of ours. */
export const SYSLOG_SEVERITY: Readonly<Record<Severity, number>> = { low: 6, medium: 5, high: 4, critical: 2 };

type SyslogEvent = Pick<StoredEvent, 'eventId' | 'eventType' | 'category' | 'severity' | 'occurredAt' | 'contentHash'>;

/** One RFC 5424 message carrying `msg` (a CEF line, or JSON text) for the event. */
export function syslogMessage(options: SyslogOptions, event: SyslogEvent, msg: string): string {
  const facility = options.facility ?? DEFAULT_FACILITY;
  if (!Number.isInteger(facility) || facility < 0 || facility > 23) throw new RangeError('facility must be an integer from 0 to 23');
  const pri = facility * 8 + SYSLOG_SEVERITY[event.severity];
  const msgId = event.eventType.length <= 32 ? event.eventType : event.category;
  const header = `<${pri}>1 ${timestamp(event.occurredAt)} ${headerField(options.hostname, 255)} ` +
    `${headerField(options.appName ?? DEFAULT_APP_NAME, 48)} ${headerField(options.procId, 128)} ${headerField(msgId, 32)}`;
  const sd = `[${SD_ID} eventId="${paramValue(event.eventId)}" contentHash="${paramValue(event.contentHash)}"]`;
  return `${header} ${sd} ${oneLine(msg)}`;
}

/** RFC 6587 §3.4.1 octet counting (RFC 5425 §4.3): `MSG-LEN SP SYSLOG-MSG`, the length in UTF-8 bytes. */
export function octetCountingFrame(message: string): Buffer {
  const text = message.toWellFormed();
  const length = Buffer.byteLength(text, 'utf8');
  const prefix = `${length} `;
  // One buffer, written in place: the prefix is ASCII digits and a space.
  const frame = Buffer.allocUnsafe(prefix.length + length);
  frame.write(prefix, 0, 'latin1');
  frame.write(text, prefix.length, 'utf8');
  return frame;
}

const ISO_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;

function timestamp(iso: string): string {
  const match = ISO_UTC.exec(iso);
  if (!match) return '-';
  const fraction = match[2] ? `.${match[2].slice(0, 6)}` : '';
  return `${match[1]}${fraction}Z`;
}

const NOT_PRINTABLE = /[^\x21-\x7e]/;
const NOT_PRINTABLE_ALL = /[^\x21-\x7e]/g;

function headerField(value: string | undefined, max: number): string {
  if (value === undefined || value === '') return '-';
  if (value.length <= max && !NOT_PRINTABLE.test(value)) return value;
  const printable = value.replace(NOT_PRINTABLE_ALL, '_').slice(0, max);
  return printable === '' ? '-' : printable;
}

/** PARAM-VALUE needs rewriting only for these, or a character `oneLine` rewrites. */
const PARAM_SPECIAL = unsafeTextTest('"\\\\\\]');
const PARAM_SPECIAL_ALL = /["\\\]]/g;

/** RFC 5424 §6.3.3: `"`, `\` and `]` are escaped with a backslash inside PARAM-VALUE. */
function paramValue(value: string): string {
  return PARAM_SPECIAL.test(value) ? oneLine(value).replace(PARAM_SPECIAL_ALL, (c) => `\\${c}`) : value;
}
