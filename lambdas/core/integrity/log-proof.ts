import { ValidationError } from '../errors';
import { archivedLogNodes } from './log-nodes';
import { logInclusionProof, rangeHash } from './log-tree';
import type { BlockArchive } from './ports';
import type { InclusionProof } from './proof';

/**
 * An event's inclusion in the one growing log at a later tree size: what an auditor
 * checks against a checkpoint of that size (`verifyInclusion` with the leaf's index in the
 * whole log, the tree size and the checkpoint's root), beside the per-block proof.
 */
export interface LogInclusion {
  readonly treeSize: number;
  /** The leaf's index in the whole log: the leaves of every earlier block come first. */
  readonly leafIndex: number;
  readonly auditPath: readonly string[];
  /** The log's root at `treeSize`: equals the root of that size's checkpoint. */
  readonly treeRoot: string;
}

/** The proof of `proof`'s leaf in the log's first `treeSize` leaves; 400 when the log at that size does not hold it yet. */
export async function logInclusion(
  archive: Pick<BlockArchive, 'listBlockSeqs' | 'getBlock'>,
  proof: Pick<InclusionProof, 'leafIndex' | 'block'>,
  treeSize: number,
): Promise<LogInclusion> {
  const leafIndex = proof.block.treeSize - proof.block.count + proof.leafIndex;
  if (!(leafIndex < treeSize))
    throw new ValidationError('the log at that tree size does not hold the event yet', [
      { path: 'treeSize', message: `must exceed ${leafIndex}` },
    ]);
  const nodes = await archivedLogNodes(archive, treeSize);
  if (!nodes)
    throw new ValidationError('the log is shorter than that tree size', [{ path: 'treeSize', message: 'too large' }]);
  const auditPath = await logInclusionProof(nodes, leafIndex, treeSize);
  return { treeSize, leafIndex, auditPath, treeRoot: (await rangeHash(nodes, 0, treeSize)).toString('hex') };
}
