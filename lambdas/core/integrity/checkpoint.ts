import { createPublicKey, hash, verify } from 'node:crypto';
import { p256PublicKey } from './signature';

/**
 * Signed checkpoints: the log's size and root in the C2SP tlog-checkpoint text format
 * (c2sp.org/tlog-checkpoint), signed as a C2SP signed note (c2sp.org/signed-note) with
 * signature type 0x02, ECDSA P-256 / SHA-256 over the note text, whose key ID is the first
 * four bytes of SHA-256 over the public key's SPKI DER. Any tool that speaks these formats
 * can check them; test/fixtures/verify_checkpoint.py is one written independently.
 *
 *     <origin>\n<tree size>\n<base64 root>\ntime <ISO instant>\n\n— <key name> <base64(key ID ‖ DER signature)>\n
 */

/** The origin line (and key name) of this log unless configured otherwise. */
export const DEFAULT_LOG_ORIGIN = 'dmis-audit-trail.local/log';

/** What a checkpoint states. */
export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  /** The log's RFC 9162 root, hex. */
  readonly rootHex: string;
  /** The end of the block interval it follows (the extension line `time …`), when present. */
  readonly time?: string;
}

/** Signs a note text: ECDSA P-256 / SHA-256 over the bytes given, base64 DER (the signing port). */
export type NoteSigner = (message: Uint8Array) => Promise<string>;

const EM_DASH_PREFIX = '\u2014 ';
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;
const FORBIDDEN_CONTROL = /[\u0000-\u0009\u000b-\u001f]/;

/** The checkpoint's note text (what the signature covers), newline-terminated. */
export function checkpointBody(checkpoint: Checkpoint): string {
  const root = Buffer.from(checkpoint.rootHex, 'hex').toString('base64');
  const time = checkpoint.time ? `time ${checkpoint.time}\n` : '';
  return `${checkpoint.origin}\n${checkpoint.treeSize}\n${root}\n${time}`;
}

/** The 4-byte signed-note key ID of an ECDSA key: SHA-256 of its SPKI DER, truncated. */
export function ecdsaNoteKeyId(publicKeyPem: string): Buffer {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return hash('sha256', der, 'buffer').subarray(0, 4);
}

/** A signed checkpoint note: body, blank line, one signature line by `keyName` (the origin). */
export async function signCheckpoint(checkpoint: Checkpoint, publicKeyPem: string, sign: NoteSigner): Promise<string> {
  const body = checkpointBody(checkpoint);
  const signature = Buffer.from(await sign(Buffer.from(body, 'utf8')), 'base64');
  const line = Buffer.concat([ecdsaNoteKeyId(publicKeyPem), signature]).toString('base64');
  return `${body}\n${EM_DASH_PREFIX}${checkpoint.origin} ${line}\n`;
}

/** Why a note was refused, or what it says. */
export type CheckpointResult =
  { readonly ok: true; readonly checkpoint: Checkpoint } | { readonly ok: false; readonly reason: string };

const refuse = (reason: string): CheckpointResult => ({ ok: false, reason });

/** The body of a note and its signature lines, split at the last blank line as the spec says. */
function splitNote(note: string): { body: string; signatures: { name: string; bytes: Buffer }[] } | string {
  if (FORBIDDEN_CONTROL.test(note) || !note.endsWith('\n'))
    return 'not a signed note (control characters or no final newline)';
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return 'not a signed note (no blank line before the signatures)';
  const signatures = [];
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const match = /^\u2014 ([^\s+]+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (!match) return 'malformed signature line';
    signatures.push({ name: match[1] as string, bytes: Buffer.from(match[2] as string, 'base64') });
  }
  return { body: note.slice(0, split + 1), signatures };
}

/** Parses a checkpoint body: origin, decimal size, base64 32-byte root, optional `time` line. */
function parseBody(body: string): Checkpoint | string {
  const [origin, size, root, ...extensions] = body.slice(0, -1).split('\n');
  if (!origin || size === undefined || root === undefined) return 'checkpoint body needs origin, size and root lines';
  if (!DECIMAL.test(size) || !Number.isSafeInteger(Number(size))) return 'tree size is not a decimal number';
  const rootBytes = Buffer.from(root, 'base64');
  if (rootBytes.length !== 32 || rootBytes.toString('base64') !== root) return 'root hash is not base64 of 32 bytes';
  if (extensions.some((line) => line.length === 0)) return 'empty extension line';
  const time = extensions.find((line) => line.startsWith('time '))?.slice(5);
  return { origin, treeSize: Number(size), rootHex: rootBytes.toString('hex'), ...(time ? { time } : {}) };
}

/**
 * What a note claims, without checking its signature: for the sealer's never-re-seal
 * guard, which halts on any published size beyond the table's, signed or not.
 */
export function readCheckpointClaim(note: string): Checkpoint | undefined {
  const split = splitNote(note);
  const body = typeof split === 'string' ? undefined : parseBody(split.body);
  return typeof body === 'object' ? body : undefined;
}

/**
 * Verifies a checkpoint note against the one trusted key (`keyName`, SPKI PEM): the
 * signature line whose name and key ID match must verify; other lines are ignored, as the
 * spec requires. Never throws.
 */
export function verifyCheckpoint(note: string, keyName: string, publicKeyPem: string): CheckpointResult {
  const split = splitNote(note);
  if (typeof split === 'string') return refuse(split);
  let keyId: Buffer;
  try {
    keyId = ecdsaNoteKeyId(p256PublicKey(publicKeyPem).export({ type: 'spki', format: 'pem' }).toString());
  } catch {
    return refuse('the trusted key is not an ECDSA P-256 public key');
  }
  const mine = split.signatures.filter((s) => s.name === keyName && keyId.equals(s.bytes.subarray(0, 4)));
  if (mine.length === 0) return refuse(`no signature by the trusted key ${keyName}`);
  const signed = mine.every((s) => {
    const der = s.bytes.subarray(4);
    try {
      return verify('sha256', Buffer.from(split.body, 'utf8'), { key: publicKeyPem, dsaEncoding: 'der' }, der);
    } catch {
      return false;
    }
  });
  if (!signed) return refuse('checkpoint signature does not verify');
  const checkpoint = parseBody(split.body);
  if (typeof checkpoint === 'string') return refuse(checkpoint);
  if (checkpoint.origin !== keyName) return refuse(`checkpoint origin ${checkpoint.origin} is not ${keyName}`);
  return { ok: true, checkpoint };
}
