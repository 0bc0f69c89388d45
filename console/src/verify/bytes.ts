/**
 * Bytes for the in-browser checks: hex and base64 codecs that refuse malformed text (so a
 * typo never verifies as empty input), and SHA-256 through WebCrypto. No node: imports:
 * the same module runs in the browser and under Node's globalThis.crypto.
 */

/** Bytes backed by a plain ArrayBuffer, the shape WebCrypto accepts. */
export type Bytes = Uint8Array<ArrayBuffer>;

const HEX_EVEN = /^(?:[0-9a-f]{2})*$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** True when `value` is a SHA-256 digest as the trail writes it: 64 lowercase hex characters. */
export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

/** Bytes of lowercase hex of whole bytes; throws on anything else. */
export function hexToBytes(hex: string): Bytes {
  if (!HEX_EVEN.test(hex)) throw new TypeError('not lowercase hex of whole bytes');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Lowercase hex of bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Bytes of canonical padded base64; throws on anything else. */
export function base64ToBytes(text: string): Bytes {
  if (!BASE64.test(text)) throw new TypeError('not base64');
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Bytes {
  return new TextEncoder().encode(text) as Bytes;
}

/** The concatenation of byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** True when both arrays hold the same bytes. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** SHA-256 of bytes, through WebCrypto. */
export async function sha256(data: Bytes): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** A hash for messages: the first 8 hex characters, then an ellipsis. */
export const short = (hex: string): string => (hex.length > 8 ? `${hex.slice(0, 8)}…` : hex);

/** A stated hash for messages: shortened when it is one, "none" when it is missing or malformed. */
export const shown = (value: unknown): string => (isSha256Hex(value) ? short(value) : 'none');
