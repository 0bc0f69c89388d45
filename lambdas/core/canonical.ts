import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JSON Canonicalization Scheme) form of a JSON value. Every hash in the
 * integrity model is taken over this form, so anyone with a JCS library can recompute it.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

/** SHA-256 as lowercase hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 hex of the canonical form of a JSON value. */
export function canonicalHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
