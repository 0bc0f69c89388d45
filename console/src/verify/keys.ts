/**
 * The keys the console trusts, from its config.json, never from the server's answer: the
 * trail's trusted-keys file (`[{keyId, publicKeyPem | spki, validFrom, validTo?}]`, see
 * docs/integrity.md) or a bare list of SPKI keys (PEM or base64 DER) trusted for any block.
 * Each key is imported as ECDSA P-256 (anything else is refused) and fingerprinted as
 * SHA-256 of its SPKI DER, hex: the digest whose first 16 hex characters name a local key
 * (`local:<fingerprint prefix>`).
 */
import { base64ToBytes, bytesToHex, sha256, type Bytes } from './bytes';

/** A public key handle from WebCrypto. */
export type PublicKeyHandle = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** One trusted key, ready to verify with. */
export interface TrustedKey {
  /** The keyId blocks name it by; absent for a bare key, trusted whatever a block names. */
  readonly keyId?: string;
  /** Blocks whose interval end `to` satisfies `validFrom < to <= validTo` (absent bound: open). */
  readonly validFrom?: string;
  readonly validTo?: string;
  /** SHA-256 of the SPKI DER, hex. */
  readonly fingerprint: string;
  readonly key: PublicKeyHandle;
}

const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const PEM = /^-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----\s*$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const parsed = new WeakMap<object, Promise<TrustedKey[]>>();

/** SPKI DER of a PEM public key or of base64 DER; a TypeError otherwise. */
export function spkiBytes(key: string | Uint8Array): Bytes {
  if (typeof key !== 'string') return new Uint8Array(key);
  const pem = PEM.exec(key.trim());
  return base64ToBytes((pem ? (pem[1] as string) : key).replace(/\s+/g, ''));
}

/** The fingerprint the console shows: SHA-256 of the key's SPKI DER, lowercase hex. */
export async function keyFingerprint(spki: string | Uint8Array): Promise<string> {
  return bytesToHex(await sha256(spkiBytes(spki)));
}

/** The trusted keys of a config value, imported; a TypeError names the first bad entry. */
export function trustedKeysOf(config: unknown): Promise<TrustedKey[]> {
  if (typeof config !== 'object' || config === null) return parseTrustedKeys(config);
  let keys = parsed.get(config);
  if (!keys) {
    keys = parseTrustedKeys(config);
    parsed.set(config, keys);
  }
  return keys;
}

async function parseTrustedKeys(config: unknown): Promise<TrustedKey[]> {
  const list = typeof config === 'string' ? listOfText(config) : config;
  if (!Array.isArray(list) || list.length === 0) throw new TypeError('trusted keys: not a non-empty list of keys');
  return Promise.all(list.map((entry: unknown, i) => importEntry(entry, i)));
}

/** A config string: the trusted-keys file as JSON text, or one PEM key. */
function listOfText(text: string): unknown {
  if (!text.trimStart().startsWith('[')) return [text];
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TypeError('trusted keys: not JSON');
  }
}

async function importEntry(entry: unknown, i: number): Promise<TrustedKey> {
  if (typeof entry === 'string') return importSpki(entry, `key ${i}`);
  if (typeof entry !== 'object' || entry === null) throw new TypeError(`trusted keys: entry ${i} is not a key`);
  const { keyId, publicKeyPem, spki, validFrom, validTo } = entry as Record<string, unknown>;
  if (typeof keyId !== 'string' || keyId === '') throw new TypeError(`trusted keys: entry ${i} has no keyId`);
  const material = publicKeyPem ?? spki;
  if (typeof material !== 'string') throw new TypeError(`trusted keys: ${keyId} has neither publicKeyPem nor spki`);
  if (typeof validFrom !== 'string' || !ISO_INSTANT.test(validFrom))
    throw new TypeError(`trusted keys: ${keyId} has no validFrom instant`);
  if (validTo !== undefined && (typeof validTo !== 'string' || !ISO_INSTANT.test(validTo)))
    throw new TypeError(`trusted keys: ${keyId} has a validTo that is not an instant`);
  return { keyId, validFrom, ...(validTo ? { validTo } : {}), ...(await importSpki(material, keyId)) };
}

/** Imports SPKI as a P-256 verification key (WebCrypto refuses any other curve or type) and fingerprints it. */
export async function importSpki(
  material: string | Uint8Array,
  name: string,
): Promise<{ fingerprint: string; key: PublicKeyHandle }> {
  let key: PublicKeyHandle;
  try {
    key = await crypto.subtle.importKey('spki', spkiBytes(material), P256, true, ['verify']);
  } catch {
    throw new TypeError(`trusted keys: ${name} is not an ECDSA P-256 public key`);
  }
  // Fingerprint the key as WebCrypto re-encodes it, so two spellings of one key agree.
  const der = new Uint8Array(await crypto.subtle.exportKey('spki', key));
  return { fingerprint: bytesToHex(await sha256(der)), key };
}

/** True when `key`'s window covers a block ending at `to` (validity as in trusted-keys.ts). */
export function coversBlockEnd(key: TrustedKey, to: string): boolean {
  const t = Date.parse(to);
  const after = key.validFrom === undefined || Date.parse(key.validFrom) < t;
  return after && (key.validTo === undefined || t <= Date.parse(key.validTo));
}

/** A key's window in words. */
export function windowOf(key: TrustedKey): string {
  if (key.validFrom === undefined) return 'any block (no validity window given)';
  return `blocks ending after ${key.validFrom}${key.validTo ? ` up to ${key.validTo}` : ' (still current)'}`;
}
