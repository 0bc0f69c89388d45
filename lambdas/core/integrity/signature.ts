import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { SignatureVerifier } from './ports';

/**
 * ECDSA P-256 / SHA-256 signature checks with node:crypto only, so blocks verify offline
 * with nothing but the public key. KMS `Sign` with ECDSA_SHA_256 and MessageType RAW
 * hashes the 32-byte message once more; `verify('sha256', digest32, ...)` does the same.
 */

/** A verifier trusting the given public keys (SPKI PEM), by keyId. */
export function createSignatureVerifier(publicKeysById: Readonly<Record<string, string>>): SignatureVerifier {
  const keys = new Map<string, KeyObject>();
  for (const [keyId, pem] of Object.entries(publicKeysById)) keys.set(keyId, p256PublicKey(pem));
  return {
    knows: (keyId) => keys.has(keyId),
    verify: (keyId, digest32, signature) => {
      const key = keys.get(keyId);
      return key !== undefined && verifyBlockSignature(key, digest32, signature);
    },
  };
}

/** True when `signature` (base64 DER) by `key` signs the 32 bytes `digest32`. Never throws. */
export function verifyBlockSignature(key: KeyObject | string, digest32: Uint8Array, signature: string): boolean {
  if (digest32.length !== 32) return false;
  try {
    const publicKey = typeof key === 'string' ? p256PublicKey(key) : key;
    return verify('sha256', digest32, { key: publicKey, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
  } catch {
    // A malformed signature or key is simply not a valid signature.
    return false;
  }
}

/** Parses an SPKI PEM and insists it is an EC P-256 key, so a weaker key is never trusted. */
export function p256PublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new TypeError('public key must be ECDSA P-256');
  }
  return key;
}
