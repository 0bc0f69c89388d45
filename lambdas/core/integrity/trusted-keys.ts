import '../zod-messages';
import * as z from 'zod/mini';
import type { KeyObject } from 'node:crypto';
import type { SignatureVerifier } from './ports';
import { p256PublicKey, verifyBlockSignature } from './signature';

/**
 * Trusted keys with validity periods: which public key may sign which blocks. A block is
 * judged by the key valid at its seal time, its interval end `to` (a block is only sealed
 * after its interval closed). Windows are half-open on the left, `validFrom < to <= validTo`,
 * so a rotation at boundary B gives every block exactly one key: the old one up to B, the
 * new one after. The file is published beside the checkpoints and pinned by verifiers from
 * outside the data, so replacing the signing key and re-signing the chain shows.
 */

/** File name of the published trusted keys (beside the checkpoints; locally in the data folder). */
export const TRUSTED_KEYS_FILE = 'trusted-keys.json';

/** `validFrom` of a first key: valid for every block since the chain began. */
export const CHAIN_START = '1970-01-01T00:00:00.000Z';

const isoInstant = z.iso.datetime({ offset: false, local: false });

/** One trusted key: its id as written in blocks, the public key, and its validity window. */
export const TrustedKeySchema = z.strictObject({
  keyId: z.string().check(z.minLength(1)),
  /** SPKI PEM; or give `spki` (base64 DER) instead. */
  publicKeyPem: z.optional(z.string().check(z.minLength(1))),
  spki: z.optional(z.base64().check(z.minLength(1))),
  /** Blocks whose `to` is after this instant may be signed by the key. */
  validFrom: isoInstant,
  /** Blocks whose `to` is at or before this instant; absent while the key is in use. */
  validTo: z.optional(isoInstant),
});
export type TrustedKey = z.infer<typeof TrustedKeySchema>;

/** The trusted-keys file: a JSON array of keys. */
export const TrustedKeysSchema = z.array(TrustedKeySchema).check(z.minLength(1));

/** Parses a trusted-keys file; a TypeError names the first problem. */
export function parseTrustedKeys(text: string): TrustedKey[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TypeError('trusted keys: not JSON');
  }
  const parsed = TrustedKeysSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`trusted keys: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  for (const key of parsed.data) {
    try {
      publicKeyOf(key);
    } catch {
      throw new TypeError(`trusted keys: key ${key.keyId} is not an ECDSA P-256 public key`);
    }
  }
  return parsed.data;
}

/** The key's P-256 public key object; throws when neither form is given or it is not P-256. */
export function publicKeyOf(key: TrustedKey): KeyObject {
  if (key.publicKeyPem) return p256PublicKey(key.publicKeyPem);
  if (key.spki) return p256PublicKey(`-----BEGIN PUBLIC KEY-----\n${key.spki}\n-----END PUBLIC KEY-----\n`);
  throw new TypeError(`trusted key ${key.keyId} has neither publicKeyPem nor spki`);
}

/** True when `key`'s window covers a block ending at `to`. */
export function coversBlockEnd(key: TrustedKey, to: Date): boolean {
  const t = to.getTime();
  return Date.parse(key.validFrom) < t && (key.validTo === undefined || t <= Date.parse(key.validTo));
}

/** A SignatureVerifier over trusted keys that also answers whether a key was valid for a block. */
export function createTrustedKeyVerifier(keys: readonly TrustedKey[]): SignatureVerifier {
  // A key id may appear more than once (re-trusted later); each entry keeps its own window.
  const byId = new Map<string, { key: TrustedKey; object: KeyObject }[]>();
  for (const key of keys) byId.set(key.keyId, [...(byId.get(key.keyId) ?? []), { key, object: publicKeyOf(key) }]);
  return {
    knows: (keyId) => byId.has(keyId),
    verify: (keyId, digest32, signature) =>
      (byId.get(keyId) ?? []).some((k) => verifyBlockSignature(k.object, digest32, signature)),
    validAt: (keyId, to) => (byId.get(keyId) ?? []).some((k) => coversBlockEnd(k.key, to)),
  };
}

/**
 * The keys after a rotation at `boundary` (the end of the newest sealed block): every
 * open window closes there and the new key is valid after it. Pure: the caller stores it.
 */
export function rotateTrustedKeys(
  keys: readonly TrustedKey[],
  next: { readonly keyId: string; readonly publicKeyPem: string },
  boundary: Date,
): TrustedKey[] {
  const at = boundary.toISOString();
  if (keys.some((k) => k.keyId === next.keyId)) throw new RangeError(`key ${next.keyId} is already trusted`);
  const closed = keys.map((k) => (k.validTo === undefined ? { ...k, validTo: at } : k));
  return [...closed, { keyId: next.keyId, publicKeyPem: next.publicKeyPem, validFrom: at }];
}

/** A verifier trusting one public key whatever key id a block names (`--key`): origin only, no windows. */
export function createSingleKeyVerifier(publicKeyPem: string): SignatureVerifier {
  const key = p256PublicKey(publicKeyPem);
  return { knows: () => true, verify: (_keyId, digest32, signature) => verifyBlockSignature(key, digest32, signature) };
}

/**
 * Whether a proof's public key may have signed `block`: `unknown_key` when no trusted key
 * with the block's keyId has this public key, `key_outside_validity` when none covers the
 * block's end, undefined when one does.
 */
export function keyTrustProblem(
  keys: readonly TrustedKey[],
  block: { readonly keyId: string; readonly to: string },
  publicKeyPem: string,
): 'unknown_key' | 'key_outside_validity' | undefined {
  let der: Buffer;
  try {
    der = p256PublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  } catch {
    return 'unknown_key';
  }
  const same = keys.filter(
    (k) => k.keyId === block.keyId && publicKeyOf(k).export({ type: 'spki', format: 'der' }).equals(der),
  );
  if (same.length === 0) return 'unknown_key';
  return same.some((k) => coversBlockEnd(k, new Date(block.to))) ? undefined : 'key_outside_validity';
}
