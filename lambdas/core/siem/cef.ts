/**
 * The CEF record (ArcSight Common Event Format, "Implementing ArcSight CEF" rev. 25):
 * `CEF:0|DMIS|Audit Trail|<version>|<eventType>|<name>|<severity>|<extension>`.
 *
 * Escaping follows the spec: in the header `\` → `\\` and `|` → `\|`; in extension values
 * `\` → `\\`, `=` → `\=`, CR → `\r`, LF → `\n`. The spec allows line breaks only in extension
 * values, so in the header they, and everywhere every other control character, are shown as
 * the visible text `\uXXXX` (safe-text.ts): no field can split the line or forge a key.
 * Values are not truncated to the spec's suggested lengths (msg 1023, cs 4000): the SIEM
 * may cut them, the JSON and OCSF formats carry everything.
 */
import { lookupEventType, type Severity } from '../catalogue';
import type { StoredEvent } from '../event-schema';
import { SIEM_PRODUCT } from './product';
import { keepLineBreaks, oneLine } from './safe-text';

/** CEF severity (0–10) of ours. */
export const CEF_SEVERITY: Readonly<Record<Severity, number>> = { low: 3, medium: 5, high: 8, critical: 10 };

/** Target types named as the destination user (`duser`). */
const USER_TARGETS = new Set(['user', 'account']);

/** The event as one CEF line. */
export function cefMessage(event: StoredEvent): string {
  const header = [
    'CEF:0',
    SIEM_PRODUCT.vendor,
    SIEM_PRODUCT.name,
    SIEM_PRODUCT.version,
    event.eventType,
    lookupEventType(event.eventType, event.category)?.description ?? event.eventType,
    String(CEF_SEVERITY[event.severity]),
  ];
  const extension = cefExtension(event)
    .map(([key, value]) => `${key}=${extensionValue(value)}`)
    .join(' ');
  return `${header.map((field, i) => (i === 0 ? field : headerField(field))).join('|')}|${extension}`;
}

/** The extension's key/value pairs, in a fixed order; absent fields are left out. */
export function cefExtension(event: StoredEvent): (readonly [string, string])[] {
  const { actor, target } = event;
  const pairs: [string, string | undefined][] = [
    ['rt', String(Date.parse(event.occurredAt))],
    ['externalId', event.eventId],
    ['cat', event.category],
    ['act', event.action],
    ['outcome', event.outcome],
    ['suser', actor.userId],
    ['spriv', actor.roles?.join(',')],
    ...sourceAddress(actor.ip),
    ['requestClientApplication', actor.userAgent],
    ['duser', target && USER_TARGETS.has(target.type) ? target.id : undefined],
    ['msg', event.reason],
    ...custom('cs1', 'contentHash', event.contentHash),
    ...custom('cs2', 'targetType', target?.type),
    ...custom('cs3', 'targetId', target?.id),
    ...custom('cs4', 'sessionId', actor.sessionId),
    ...custom('cs5', 'sourcePrincipal', event.source),
    ...custom('cs6', 'redactedPaths', event.redactedPaths.length > 0 ? JSON.stringify(event.redactedPaths) : undefined),
    ...custom('deviceCustomDate1', 'ingestedAt', String(Date.parse(event.ingestedAt))),
  ];
  return pairs.filter((pair): pair is [string, string] => pair[1] !== undefined);
}

/** `src` holds IPv4 only (per the spec); an IPv6 source goes to `c6a2`, "Source IPv6 Address". */
function sourceAddress(ip: string | undefined): [string, string | undefined][] {
  if (ip === undefined) return [];
  return ip.includes(':') ? custom('c6a2', 'Source IPv6 Address', ip) : [['src', ip]];
}

function custom(key: string, label: string, value: string | undefined): [string, string | undefined][] {
  return value === undefined ? [] : [[key, value], [`${key}Label`, label]];
}

function headerField(text: string): string {
  return oneLine(text).replace(/[\\|]/g, (c) => `\\${c}`);
}

function extensionValue(text: string): string {
  return keepLineBreaks(text).replace(/[\\=\r\n]/g, (c) => EXTENSION_ESCAPES[c] ?? c);
}

const EXTENSION_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '=': '\\=', '\r': '\\r', '\n': '\\n' };
