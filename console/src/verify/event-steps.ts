/**
 * The first three links, each checked on its own: the displayed event hashes to the
 * proven leaf; the audit path leads from that leaf to the block's Merkle root; the block's
 * signed fields hash to its blockHash. Everything is recomputed here; no hash the server
 * states is taken as given.
 */
import { bytesToHex, hexToBytes, isSha256Hex, sha256, short, shown, utf8 } from './bytes';
import { canonicalJson } from './jcs';
import { leafHash, rootFromAuditPath } from './merkle';
import type { VerifyStep } from './types';

/** A JSON object as parsed, or nothing. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** A step's own outcome, before the verdict of earlier steps is applied. */
export type StepOutcome = Omit<VerifyStep, 'ok'> & { readonly holds: boolean };

export const asObject = (value: unknown): JsonObject | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;

/** SHA-256 hex of the RFC 8785 form of a JSON value. */
export async function canonicalHashHex(value: unknown): Promise<string> {
  return bytesToHex(await sha256(utf8(canonicalJson(value))));
}

const CONTENT = { id: 'content-hash', label: 'Content hash (RFC 8785, SHA-256)' } as const;

/** Step 1: the event without `contentHash`, canonicalised and hashed, is its contentHash and the proven leaf. */
export async function checkContentHash(event: unknown, proof: JsonObject): Promise<StepOutcome> {
  const fields = asObject(event);
  if (!fields) return { ...CONTENT, holds: false, detail: 'content hash: the event is not a JSON object' };
  const { contentHash: stated, ...content } = fields;
  let recomputed: string;
  try {
    recomputed = await canonicalHashHex(content);
  } catch (error) {
    return {
      ...CONTENT,
      holds: false,
      detail: `content hash: the event has no canonical form (${(error as Error).message})`,
    };
  }
  const problems: string[] = [];
  if (recomputed !== proof.contentHash)
    problems.push(`recomputed ${short(recomputed)} ≠ leaf ${shown(proof.contentHash)}`);
  if (recomputed !== stated)
    problems.push(`recomputed ${short(recomputed)} ≠ the event's contentHash ${shown(stated)}`);
  if (fields.eventId !== proof.eventId)
    problems.push(`the proof is for event ${String(proof.eventId)}, not ${String(fields.eventId)}`);
  if (problems.length > 0) return { ...CONTENT, holds: false, detail: `content hash: ${problems.join('; ')}` };
  return {
    ...CONTENT,
    holds: true,
    detail: `SHA-256 of the RFC 8785 form of the event without contentHash is ${recomputed}, its contentHash and the proven leaf`,
  };
}

const PATH = { id: 'audit-path', label: 'Audit path to the block root (RFC 9162)' } as const;

/** Step 2: H(0x00 ‖ leaf) and the audit path give the block's merkleRoot at leafIndex in a tree of `count` leaves. */
export async function checkAuditPath(proof: JsonObject, block: JsonObject): Promise<StepOutcome> {
  const { contentHash, leafIndex, auditPath } = proof;
  if (!isSha256Hex(contentHash))
    return { ...PATH, holds: false, detail: 'audit path: the proven leaf is not a SHA-256 hex digest' };
  if (!Array.isArray(auditPath))
    return { ...PATH, holds: false, detail: 'audit path: the proof has no auditPath list' };
  if (!isSha256Hex(block.merkleRoot))
    return { ...PATH, holds: false, detail: 'audit path: the block has no merkleRoot' };
  const result = await rootFromAuditPath(
    await leafHash(hexToBytes(contentHash)),
    leafIndex as number,
    block.count as number,
    auditPath,
  );
  if ('problem' in result) return { ...PATH, holds: false, detail: `audit path: ${result.problem}` };
  const root = bytesToHex(result.root);
  if (root !== block.merkleRoot)
    return {
      ...PATH,
      holds: false,
      detail: `audit path: leads to ${short(root)} ≠ block merkleRoot ${short(block.merkleRoot)}`,
    };
  return {
    ...PATH,
    holds: true,
    detail: `the ${auditPath.length}-node path leads from leaf ${String(leafIndex)} of ${String(block.count)} to merkleRoot ${root}`,
  };
}

/** The fields the sealer signs, exactly as it picks them (block.ts `unsignedPart`); an absent one is not written. */
const SIGNED_FIELDS = [
  'seq',
  'from',
  'to',
  'count',
  'merkleRoot',
  'prevBlockHash',
  'keyId',
  'late',
  'treeSize',
  'treeRoot',
];

const BLOCK = { id: 'block-hash', label: 'Block hash' } as const;

/** Step 3: SHA-256 of the RFC 8785 form of the block's signed fields is its blockHash. */
export async function checkBlockHash(block: JsonObject): Promise<StepOutcome> {
  const signed = Object.fromEntries(SIGNED_FIELDS.map((name) => [name, block[name]]));
  let recomputed: string;
  try {
    recomputed = await canonicalHashHex(signed);
  } catch (error) {
    return {
      ...BLOCK,
      holds: false,
      detail: `block hash: the block has no canonical form (${(error as Error).message})`,
    };
  }
  if (recomputed !== block.blockHash)
    return {
      ...BLOCK,
      holds: false,
      detail: `block hash: recomputed ${short(recomputed)} ≠ blockHash ${shown(block.blockHash)}`,
    };
  return {
    ...BLOCK,
    holds: true,
    detail: `block ${String(block.seq)}'s signed fields hash to its blockHash ${recomputed}`,
  };
}
