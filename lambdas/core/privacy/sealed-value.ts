/**
 * The stored form of one personal value: `pii:v1:<keyId>:<blind>:<payload>`.
 * - `keyId`: the data subject's key (ports.ts);
 * - `blind`: for values that are searched (actor.ip), the keyed hash the index holds
 *   (32 lowercase hex digits), empty otherwise;
 * - `payload`: base64url of IV (12 bytes) ‖ AES-256-GCM ciphertext of the value's JSON ‖
 *   tag (16 bytes), with the event id and the field's path as additional data.
 * contentHash, Merkle leaves and checkpoints cover this string, so verification never
 * needs the plaintext and does not change when the key is destroyed.
 */

/** What a personal field reads as once its subject's key has been destroyed. */
export const ERASED = '[erased]';

const PREFIX = 'pii:v1:';
const SEALED = /^pii:v1:([A-Za-z0-9_-]{1,64}):([0-9a-f]{32})?:([A-Za-z0-9_-]{38,})$/;

/** The parts of a sealed value. */
export interface SealedValue {
  readonly keyId: string;
  /** The keyed hash for index keys, when the value is searched. */
  readonly blind?: string;
  readonly payload: string;
}

/** True when `value` is a sealed personal value. */
export function isSealedValue(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX) && SEALED.test(value);
}

/** The parts of a sealed value, or undefined when `value` is not one. */
export function parseSealedValue(value: unknown): SealedValue | undefined {
  if (typeof value !== 'string' || !value.startsWith(PREFIX)) return undefined;
  const match = SEALED.exec(value);
  if (!match) return undefined;
  const [, keyId, blind, payload] = match as unknown as [string, string, string | undefined, string];
  return { keyId, payload, ...(blind ? { blind } : {}) };
}

/** The stored string for sealed parts. */
export function formatSealedValue(parts: SealedValue): string {
  return `${PREFIX}${parts.keyId}:${parts.blind ?? ''}:${parts.payload}`;
}

/** What a sealed value reads as when its key is unknown or the sealed string does not open. */
export const UNREADABLE = '[unreadable]';
