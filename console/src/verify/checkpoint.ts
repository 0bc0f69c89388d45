/**
 * Signed checkpoints in the browser: a C2SP tlog-checkpoint body (origin, tree size, base64
 * root, `time` extension) signed as a C2SP signed note, signature type ECDSA P-256 /
 * SHA-256 over the body's bytes, `— <origin> base64(4-byte key ID ‖ DER signature)`, the key
 * ID being the first 4 bytes of SHA-256 over the key's SPKI DER (docs/integrity.md).
 */
import { base64ToBytes, bytesToHex, utf8 } from './bytes';
import { derToP1363 } from './der';
import { coversBlockEnd, type TrustedKey } from './keys';

/** What a verified checkpoint states, and which trusted key signed it. */
export interface VerifiedCheckpoint {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHex: string;
  readonly time?: string;
  readonly fingerprint: string;
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;
const FORBIDDEN_CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
const SIGNATURE_LINE = /^\u2014 ([^\s+]+) ([A-Za-z0-9+/]+={0,2})$/u;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** The checkpoint a note states once a trusted key valid at its time signs it; otherwise why not. */
export async function verifyCheckpointNote(
  note: string,
  keys: readonly TrustedKey[],
): Promise<VerifiedCheckpoint | string> {
  if (FORBIDDEN_CONTROL.test(note) || !note.endsWith('\n'))
    return 'not a signed note (control characters or no final newline)';
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return 'not a signed note (no blank line before the signatures)';
  const body = note.slice(0, split + 1);
  const checkpoint = parseBody(body);
  if (typeof checkpoint === 'string') return checkpoint;
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const match = SIGNATURE_LINE.exec(line);
    if (!match) return 'malformed signature line';
    if (match[1] !== checkpoint.origin) continue;
    let signature: Uint8Array;
    try {
      signature = base64ToBytes(match[2] as string);
    } catch {
      return 'malformed signature line';
    }
    const signer = await signerOf(signature, body, keys, checkpoint.time);
    if (signer) return { ...checkpoint, fingerprint: signer.fingerprint };
  }
  return `no signature on the ${checkpoint.origin} checkpoint verifies with a trusted key valid at its time`;
}

/** The trusted key whose key ID the signature names, valid at the note's time, that verifies it. */
async function signerOf(
  signature: Uint8Array,
  body: string,
  keys: readonly TrustedKey[],
  time: string | undefined,
): Promise<TrustedKey | undefined> {
  const keyId = bytesToHex(signature.subarray(0, 4));
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = derToP1363(signature.subarray(4));
  } catch {
    return undefined;
  }
  for (const key of keys) {
    if (!key.fingerprint.startsWith(keyId) || (time !== undefined && !coversBlockEnd(key, time))) continue;
    if (await crypto.subtle.verify(ECDSA_SHA256, key.key, raw, utf8(body))) return key;
  }
  return undefined;
}

/** Origin, decimal size, base64 root of 32 bytes, and the optional `time` line. */
function parseBody(body: string): Omit<VerifiedCheckpoint, 'fingerprint'> | string {
  const [origin, size, root, ...extensions] = body.slice(0, -1).split('\n');
  if (!origin || size === undefined || root === undefined) return 'checkpoint body needs origin, size and root lines';
  if (!DECIMAL.test(size) || !Number.isSafeInteger(Number(size))) return 'tree size is not a decimal number';
  let rootBytes: Uint8Array;
  try {
    rootBytes = base64ToBytes(root);
  } catch {
    return 'root hash is not base64';
  }
  if (rootBytes.length !== 32) return 'root hash is not 32 bytes';
  const time = extensions.find((line) => line.startsWith('time '))?.slice(5);
  return { origin, treeSize: Number(size), rootHex: bytesToHex(rootBytes), ...(time ? { time } : {}) };
}
