/**
 * The signature links: the block's ECDSA P-256 / SHA-256 signature over the 32 bytes of
 * blockHash verifies with a key pinned in the console's config (never the key a proof
 * carries), and that key was trusted at the block's seal time, its interval end `to`.
 */
import { base64ToBytes, hexToBytes, isSha256Hex, short } from './bytes';
import { derToP1363 } from './der';
import type { JsonObject, StepOutcome } from './event-steps';
import { coversBlockEnd, importSpki, windowOf, type TrustedKey } from './keys';

const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const SIGNATURE = { id: 'signature', label: 'Block signature (ECDSA P-256)' } as const;
const KEY = { id: 'key', label: 'Signing key trusted at the seal time' } as const;

/** The signature step's outcome and the trusted keys it verifies with. */
export interface SignatureOutcome {
  readonly step: StepOutcome;
  /** Trusted keys the block's keyId may name (all bare keys count). */
  readonly named: readonly TrustedKey[];
  /** Those among them that verify the signature. */
  readonly signers: readonly TrustedKey[];
}

/** Step 4: the signature verifies with a trusted key the block names. */
export async function checkSignature(
  block: JsonObject,
  keys: readonly TrustedKey[] | string,
  proofKey: unknown,
): Promise<SignatureOutcome> {
  const fail = (detail: string, named: readonly TrustedKey[] = []): SignatureOutcome => ({
    step: { ...SIGNATURE, holds: false, detail: `signature: ${detail}` },
    named,
    signers: [],
  });
  if (typeof keys === 'string') return fail(keys);
  const named = keys.filter((k) => k.keyId === undefined || k.keyId === block.keyId);
  if (named.length === 0)
    return fail(`no trusted key is named ${String(block.keyId)} (trusted: ${keys.map((k) => k.keyId).join(', ')})`);
  if (!isSha256Hex(block.blockHash)) return fail('the block has no blockHash to check', named);
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = derToP1363(base64ToBytes(String(block.signature)));
  } catch (error) {
    return fail(`not a DER ECDSA signature (${(error as Error).message})`, named);
  }
  const digest = hexToBytes(block.blockHash);
  const signers: TrustedKey[] = [];
  for (const k of named) if (await crypto.subtle.verify(ECDSA_SHA256, k.key, raw, digest)) signers.push(k);
  const signer = signers[0];
  if (!signer)
    return fail(
      `does not verify with ${named.map(nameOf).join(', ')}${await proofKeyNote(proofKey, raw, digest)}`,
      named,
    );
  const detail = `the signature over blockHash ${short(block.blockHash)} verifies with ${nameOf(signer)}`;
  return { step: { ...SIGNATURE, holds: true, detail }, named, signers };
}

/** Step 5: a key that signed the block (else one it names) is trusted for a block ending at its `to`. */
export function checkKeyWindow(block: JsonObject, signature: SignatureOutcome): StepOutcome {
  const judged = signature.signers.length > 0 ? signature.signers : signature.named;
  const to = typeof block.to === 'string' && !Number.isNaN(Date.parse(block.to)) ? block.to : undefined;
  if (judged.length === 0) return { ...KEY, holds: false, detail: 'key: no trusted key signed this block' };
  if (!to) return { ...KEY, holds: false, detail: 'key: the block has no seal time (to) to judge the key by' };
  const valid = judged.find((k) => coversBlockEnd(k, to));
  if (!valid) {
    const windows = judged.map((k) => `${nameOf(k)} is trusted for ${windowOf(k)}`).join('; ');
    return {
      ...KEY,
      holds: false,
      detail: `key: block ${String(block.seq)} ended at ${to}, outside the window: ${windows}`,
    };
  }
  return {
    ...KEY,
    holds: true,
    detail: `${nameOf(valid)} is trusted for ${windowOf(valid)}; block ${String(block.seq)} ended at ${to}`,
  };
}

const nameOf = (k: TrustedKey): string =>
  `${k.keyId ? `key ${k.keyId}` : 'a pinned key'} (fingerprint ${k.fingerprint})`;

/** When the key the proof carries verifies what no trusted key does, say so: the block was signed by an untrusted key. */
async function proofKeyNote(
  proofKey: unknown,
  raw: Uint8Array<ArrayBuffer>,
  digest: Uint8Array<ArrayBuffer>,
): Promise<string> {
  if (typeof proofKey !== 'string') return '';
  try {
    const carried = await importSpki(proofKey, 'the proof key');
    if (!(await crypto.subtle.verify(ECDSA_SHA256, carried.key, raw, digest))) return '';
    return `; it verifies with the key the proof carries (fingerprint ${carried.fingerprint}), which is not trusted`;
  } catch {
    return '';
  }
}
