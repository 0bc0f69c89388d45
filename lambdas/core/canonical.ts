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

/** The form of every hash in the integrity model (contentHash, merkleRoot, blockHash): SHA-256 as 64 lowercase hex characters. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** SHA-256 hex of the canonical form of a JSON value. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
