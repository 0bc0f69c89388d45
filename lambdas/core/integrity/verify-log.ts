import type { Block, BlockLeaf } from './block';
import type { Checkpoint } from './checkpoint';
import { blockFinding, type Finding } from './findings';
import { EMPTY_FRONTIER, extendFrontier, frontierRoot, isWellFormedFrontier, type Frontier } from './log-tree';
import { hexToBytes, isSha256Hex } from './merkle';

/**
 * The verifier's view of the one growing log: block by block it extends the log's
 * frontier with the block's leaves, checks the signed `treeSize`/`treeRoot` against it, and
 * checks a kept checkpoint against the recomputed root at its size. A truncated or
 * rewritten history cannot reproduce the root an auditor kept.
 */
export class LogHeadCheck {
  private frontier: Frontier | undefined;
  private checkpointSeen = false;
  /** The seq expected next: after a block missing from both copies the log is re-anchored. */
  private nextSeq: number | undefined;

  /** `start`: the log before the first block checked (empty from block 0; unknown when undefined). */
  constructor(
    start: Frontier | undefined,
    private readonly checkpoint?: Checkpoint,
  ) {
    this.frontier = start;
  }

  /** The log's frontier after the first `seq` blocks, from block `seq - 1`'s stored one (when it fits its signed root). */
  static frontierBefore(prev: Block | undefined): Frontier | undefined {
    if (!prev) return EMPTY_FRONTIER;
    const frontier = { size: prev.treeSize, hashes: prev.frontier ?? [] };
    return isWellFormedFrontier(frontier) && frontierRoot(frontier) === prev.treeRoot ? frontier : undefined;
  }

  /** Checks one block's tree head; `leaves` are its archived leaves (undefined when unknown). */
  next(block: Block, leaves: readonly BlockLeaf[] | undefined): Finding[] {
    const contiguous = this.nextSeq === undefined || this.nextSeq === block.seq;
    this.nextSeq = block.seq + 1;
    const usable = contiguous && this.frontier && leaves?.every((l) => isSha256Hex(l.contentHash));
    if (!usable || !this.frontier || !leaves) {
      // Without the leaves the log cannot be recomputed here; pick it up again from this block's head.
      this.frontier = LogHeadCheck.frontierBefore(block);
      return this.frontier ? this.againstCheckpoint(block, this.frontier, block.treeRoot) : [];
    }
    const expected = extendFrontier(
      this.frontier,
      leaves.map((l) => hexToBytes(l.contentHash)),
    );
    const root = frontierRoot(expected);
    const findings: Finding[] = [];
    if (block.treeSize !== expected.size || block.treeRoot !== root)
      findings.push(
        blockFinding(
          'tree_head_mismatch',
          block.seq,
          `block ${block.seq} signs tree size ${block.treeSize}, but the log after it has ${expected.size} leaves with another root`,
        ),
      );
    findings.push(...this.againstCheckpoint(block, expected, root));
    this.frontier = expected;
    return findings;
  }

  /** The kept checkpoint compared with the recomputed log at its size. */
  private againstCheckpoint(block: Block, after: Frontier, root: string): Finding[] {
    const cp = this.checkpoint;
    if (!cp || this.checkpointSeen || after.size < cp.treeSize) return [];
    this.checkpointSeen = true;
    if (after.size === cp.treeSize && root === cp.rootHex) return [];
    const what =
      after.size === cp.treeSize
        ? `the log's first ${cp.treeSize} leaves no longer hash to the kept checkpoint's root`
        : `no block ends at the kept checkpoint's tree size ${cp.treeSize}`;
    return [
      blockFinding(
        'checkpoint_inconsistent',
        block.seq,
        `${what}: history before tree size ${cp.treeSize} was rewritten`,
      ),
    ];
  }

  /** After the last block: a kept checkpoint the log never reached means the log was truncated. */
  finish(lastSeq: number): Finding[] {
    const cp = this.checkpoint;
    if (!cp || this.checkpointSeen) return [];
    const size = this.frontier?.size;
    const have = size === undefined ? 'fewer' : String(size);
    return [
      blockFinding(
        'checkpoint_truncated',
        Math.max(0, lastSeq),
        `the log holds ${have} leaves, but a checkpoint at tree size ${cp.treeSize} was signed: the log was truncated`,
      ),
    ];
  }
}
