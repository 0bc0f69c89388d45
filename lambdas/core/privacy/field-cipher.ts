/**
 * Seals and opens one personal value (the stored form is in sealed-value.ts): AES-256-GCM
 * under the subject's data key, with the event id and the field's path as additional data,
 * so a sealed string moved to another event or field does not open.
 *
 * The IV is synthetic: the first 12 bytes of HMAC-SHA-256(dataKey, `iv\n<eventId>\n<path>\n<json>`).
 * A client retry with the same eventId and content therefore seals to the same bytes, and
 * ingest's duplicate detection (same content → duplicate, different → 409) keeps working.
 * The IV repeats only for the same key, event, path and plaintext, where the ciphertext is
 * the same too, so GCM's IV-uniqueness requirement holds.
 */
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import type { SubjectKey } from './ports';
import { formatSealedValue, type SealedValue } from './sealed-value';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Where a value sits: what the ciphertext is bound to. */
export interface FieldContext {
  readonly eventId: string;
  /** The field's path in the event, e.g. `actor.ip` or `metadata.contact.email`. */
  readonly path: string;
}

/** The stored string for `value` sealed under `key`; `blind` is its keyed hash when it is searched. */
export function sealValue(value: unknown, at: FieldContext, key: SubjectKey, blind?: string): string {
  const plaintext = Buffer.from(JSON.stringify(value), 'utf8');
  const iv = createHmac('sha256', key.key).update(`iv\n${at.eventId}\n${at.path}\n`).update(plaintext).digest().subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(additionalData(at));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const payload = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  return formatSealedValue({ keyId: key.keyId, payload, ...(blind ? { blind } : {}) });
}

/** The value inside a sealed string; throws when the key, event, path or bytes do not match. */
export function openValue(sealed: SealedValue, at: FieldContext, key: Uint8Array): unknown {
  const bytes = Buffer.from(sealed.payload, 'base64url');
  if (bytes.byteLength < IV_BYTES + TAG_BYTES) throw new Error('sealed value is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(additionalData(at));
  decipher.setAuthTag(bytes.subarray(bytes.byteLength - TAG_BYTES));
  const plaintext = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.byteLength - TAG_BYTES)), decipher.final()]);
  return JSON.parse(plaintext.toString('utf8')) as unknown;
}

function additionalData(at: FieldContext): Buffer {
  return Buffer.from(`${at.eventId}\n${at.path}`, 'utf8');
}

/** The kinds of values that have a blind index. */
export type BlindIndexKind = 'ip';

/**
 * The keyed hash that stands in for a searched value in index keys: the first 32 hex digits
 * of HMAC-SHA-256(blindKey, `<kind>\n<canonical value>`). Search computes the same from the
 * value asked for, so `?ip=2001:DB8::0:1` finds events from `2001:db8::1`.
 */
export function blindIndexOf(kind: BlindIndexKind, value: string, blindKey: Uint8Array): string {
  return createHmac('sha256', blindKey).update(`${kind}\n${canonicalIp(value)}`).digest('hex').slice(0, 32);
}

/**
 * How the key store names a subject without holding the id: the full HMAC-SHA-256 hex of
 * `subject\n<subjectId>` under the blind-index secret (a domain apart from `ip\n…`).
 */
export function subjectRefOf(subjectId: string, blindKey: Uint8Array): string {
  return createHmac('sha256', blindKey).update(`subject\n${subjectId}`).digest('hex');
}

/**
 * An IP address in one spelling: IPv4 as given (validated dotted quad), IPv6 lower case
 * and compressed as RFC 5952 says (the WHATWG URL serialiser does exactly that).
 */
export function canonicalIp(ip: string): string {
  const trimmed = ip.trim();
  if (!trimmed.includes(':')) return trimmed;
  try {
    return new URL(`http://[${trimmed}]/`).hostname.slice(1, -1);
  } catch {
    return trimmed.toLowerCase();
  }
}
