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
 *
 * Sealed personal values (`pii:v1:…`, privacy/sealed-value.ts) go into no CEF field: a
 * sealed source address is not an address (`src`, `c6a2` would be invalid), so its blind
 * index goes in `flexString1` ("sourceIpBlind", `h:<blind>`, the same for the same address,
 * as in the security log line); a sealed user agent or session id is left out. The JSON
 * format carries the sealed strings as stored.
 *
 * The forwarder formats every event it sends, so the line is written in one pass: the header
 * up to the extension is kept per event type, category and severity, and a value is escaped
 * only when a precompiled test finds something to escape in it.
 */
import { lookupEventType, type Severity } from '../catalogue';
import type { StoredEvent } from '../event-schema';
import { clearIpOf, sealedIpName } from '../privacy/sealed-ip';
import { SIEM_PRODUCT } from './product';
import { clear } from './sealed-fields';
import { keepLineBreaks, oneLine, unsafeTextTest } from './safe-text';

/** CEF severity (0–10) of ours. */
export const CEF_SEVERITY: Readonly<Record<Severity, number>> = { low: 3, medium: 5, high: 8, critical: 10 };

/** Target types named as the destination user (`duser`). */
const USER_TARGETS = new Set(['user', 'account']);

/** The event as one CEF line. */
export function cefMessage(event: StoredEvent): string {
  return `${cefHeader(event)}|${cefExtension(event)}`;
}

/**
 * The extension's key/value pairs, in a fixed order; absent fields are left out. `rt` is
 * always there, so every later pair starts with its separating space.
 */
function cefExtension(event: StoredEvent): string {
  const { actor, target } = event;
  let out = `rt=${Date.parse(event.occurredAt)}`;
  out += pair('externalId', event.eventId) + pair('cat', event.category) + pair('act', event.action) + pair('outcome', event.outcome);
  out += pair('suser', actor.userId) + pair('spriv', actor.roles?.join(','));
  out += sourceAddress(actor.ip);
  out += pair('requestClientApplication', clear(actor.userAgent));
  out += pair('duser', target && USER_TARGETS.has(target.type) ? target.id : undefined) + pair('msg', event.reason);
  out += custom('cs1', event.contentHash) + custom('cs2', target?.type) + custom('cs3', target?.id) + custom('cs4', clear(actor.sessionId));
  out += custom('cs5', event.source);
  out += custom('cs6', event.redactedPaths.length > 0 ? JSON.stringify(event.redactedPaths) : undefined);
  return out + custom('deviceCustomDate1', String(Date.parse(event.ingestedAt)));
}

/** `src` (IPv4), `c6a2` (IPv6), or a sealed address's blind name in `flexString1`. */
function sourceAddress(ip: string | undefined): string {
  const address = clearIpOf(ip);
  if (address !== undefined) return address.includes(':') ? custom('c6a2', address) : pair('src', address);
  return custom('flexString1', sealedIpName(ip));
}

/** Header fields need rewriting only for these, or a character `oneLine` rewrites. */
const HEADER_SPECIAL = unsafeTextTest('\\\\|');
const HEADER_SPECIAL_ALL = /[\\|]/g;
/** Extension values need rewriting only for these, or a character `keepLineBreaks` rewrites. */
const EXTENSION_SPECIAL = unsafeTextTest('\\\\=');
const EXTENSION_SPECIAL_ALL = /[\\=\r\n]/g;

function headerField(text: string): string {
  if (!HEADER_SPECIAL.test(text)) return text;
  return oneLine(text).replace(HEADER_SPECIAL_ALL, (c) => `\\${c}`);
}

function extensionValue(text: string): string {
  if (!EXTENSION_SPECIAL.test(text)) return text;
  return keepLineBreaks(text).replace(EXTENSION_SPECIAL_ALL, (c) => EXTENSION_ESCAPES[c] ?? c);
}

const EXTENSION_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '=': '\\=', '\r': '\\r', '\n': '\\n' };

/**
 * Labels of the custom keys, written once with their key: `src` holds IPv4 only (per the
 * spec), so an IPv6 source goes to `c6a2`, "Source IPv6 Address"; a sealed one's blind
 * index to `flexString1`.
 */
const CUSTOM_LABELS = {
  c6a2: 'Source IPv6 Address',
  cs1: 'contentHash',
  cs2: 'targetType',
  cs3: 'targetId',
  cs4: 'sessionId',
  cs5: 'sourcePrincipal',
  cs6: 'redactedPaths',
  deviceCustomDate1: 'ingestedAt',
  flexString1: 'sourceIpBlind',
} as const;

const LABEL_PAIRS = Object.fromEntries(
  Object.entries(CUSTOM_LABELS).map(([key, label]) => [key, ` ${key}Label=${extensionValue(label)}`]),
) as Readonly<Record<keyof typeof CUSTOM_LABELS, string>>;

/** ` key=value`, or nothing for an absent value. */
function pair(key: string, value: string | undefined): string {
  return value === undefined ? '' : ` ${key}=${extensionValue(value)}`;
}

/** A custom key and its label, or nothing for an absent value. */
function custom(key: keyof typeof CUSTOM_LABELS, value: string | undefined): string {
  return value === undefined ? '' : ` ${key}=${extensionValue(value)}${LABEL_PAIRS[key]}`;
}

/** Header texts seen so far, by event type, category and severity (custom types are open-ended: bounded). */
const HEADERS = new Map<string, string>();
const MAX_HEADERS = 1024;

/** `CEF:0|vendor|product|version|eventType|name|severity`, escaped. */
function cefHeader(event: StoredEvent): string {
  const key = `${event.severity}|${event.category}|${event.eventType}`;
  let header = HEADERS.get(key);
  if (header === undefined) {
    header = [
      'CEF:0',
      ...[
        SIEM_PRODUCT.vendor,
        SIEM_PRODUCT.name,
        SIEM_PRODUCT.version,
        event.eventType,
        lookupEventType(event.eventType, event.category)?.description ?? event.eventType,
        String(CEF_SEVERITY[event.severity]),
      ].map(headerField),
    ].join('|');
    if (HEADERS.size >= MAX_HEADERS) HEADERS.clear();
    HEADERS.set(key, header);
  }
  return header;
}
