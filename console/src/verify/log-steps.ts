/**
 * The one growing log, when the proof carries `log` (`GET /v1/events/{id}/proof?treeSize=N`):
 * the leaf sits where the block's signed `treeSize` and `count` place it, its audit path
 * leads to the log's root at size N, and that root is signed, by the block itself (N is the
 * block's treeSize) or by a checkpoint note a trusted key signed.
 */
import { bytesToHex, hexToBytes, isSha256Hex, short } from './bytes';
import { verifyCheckpointNote, type VerifiedCheckpoint } from './checkpoint';
import { asObject, type JsonObject, type StepOutcome } from './event-steps';
import type { TrustedKey } from './keys';
import { leafHash, rootFromAuditPath } from './merkle';

const CHECKPOINT = { id: 'checkpoint', label: 'Signed checkpoint (C2SP)' } as const;
const LOG = { id: 'log-inclusion', label: 'Inclusion in the whole log' } as const;

/** The checkpoint step and, when it holds, what the checkpoint states. */
export async function checkCheckpoint(
  note: unknown,
  keys: readonly TrustedKey[] | string,
): Promise<{ step: StepOutcome; checkpoint?: VerifiedCheckpoint }> {
  const text = typeof note === 'string' ? note : asObject(note)?.note;
  if (typeof text !== 'string')
    return { step: { ...CHECKPOINT, holds: false, detail: 'checkpoint: no note text given' } };
  if (typeof keys === 'string') return { step: { ...CHECKPOINT, holds: false, detail: `checkpoint: ${keys}` } };
  const checkpoint = await verifyCheckpointNote(text, keys);
  if (typeof checkpoint === 'string')
    return { step: { ...CHECKPOINT, holds: false, detail: `checkpoint: ${checkpoint}` } };
  const detail = `${checkpoint.origin} at tree size ${checkpoint.treeSize}, root ${short(checkpoint.rootHex)}, signed by the trusted key with fingerprint ${checkpoint.fingerprint}`;
  return { step: { ...CHECKPOINT, holds: true, detail }, checkpoint };
}

/** The log step. */
export async function checkLogInclusion(
  proof: JsonObject,
  block: JsonObject,
  checkpoint: VerifiedCheckpoint | undefined,
): Promise<StepOutcome> {
  const fail = (detail: string): StepOutcome => ({ ...LOG, holds: false, detail: `log inclusion: ${detail}` });
  const log = asObject(proof.log);
  if (!log || !Array.isArray(log.auditPath) || !isSha256Hex(log.treeRoot))
    return fail("the proof's log part is malformed");
  if (!isSha256Hex(proof.contentHash)) return fail('the proven leaf is not a SHA-256 hex digest');
  const placed = Number(block.treeSize) - Number(block.count) + Number(proof.leafIndex);
  if (log.leafIndex !== placed)
    return fail(
      `the log puts the leaf at ${String(log.leafIndex)}, block ${String(block.seq)}'s signed treeSize and count at ${placed}`,
    );
  const result = await rootFromAuditPath(
    await leafHash(hexToBytes(proof.contentHash)),
    placed,
    log.treeSize as number,
    log.auditPath,
  );
  if ('problem' in result) return fail(result.problem);
  const root = bytesToHex(result.root);
  if (root !== log.treeRoot) return fail(`the path leads to ${short(root)} ≠ the log root ${short(log.treeRoot)}`);
  const anchor = anchorOf(log, block, checkpoint);
  if (!anchor)
    return fail(
      `the root at tree size ${String(log.treeSize)} is signed by nothing given (block ${String(block.seq)} signs size ${String(block.treeSize)}; no checkpoint of that size)`,
    );
  return {
    ...LOG,
    holds: true,
    detail: `leaf ${placed} of ${String(log.treeSize)} leads to root ${short(root)}, ${anchor}`,
  };
}

/** What signs the log root at the proof's size, if anything. */
function anchorOf(log: JsonObject, block: JsonObject, checkpoint: VerifiedCheckpoint | undefined): string | undefined {
  if (log.treeSize === block.treeSize && log.treeRoot === block.treeRoot)
    return `the root block ${String(block.seq)} signs`;
  if (checkpoint && checkpoint.treeSize === log.treeSize && checkpoint.rootHex === log.treeRoot)
    return `the root the checkpoint at tree size ${checkpoint.treeSize} signs`;
  return undefined;
}
