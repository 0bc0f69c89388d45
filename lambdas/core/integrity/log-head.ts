import type { Block } from './block';
import { readCheckpointClaim, signCheckpoint } from './checkpoint';
import { EMPTY_FRONTIER, frontierRoot, isWellFormedFrontier, type Frontier } from './log-tree';
import type { SealDeps } from './seal-block';

/**
 * The sealer's view of the log's head: the frontier it extends, the checkpoint it
 * publishes after each block, and the guard that it never seals again what was published.
 */

/** The frontier a block carries, if it is well formed and matches the signed tree head. */
function frontierOf(block: Block | undefined): Frontier | undefined {
  if (!block?.frontier) return undefined;
  const frontier = { size: block.treeSize, hashes: block.frontier };
  return isWellFormedFrontier(frontier) && frontierRoot(frontier) === block.treeRoot ? frontier : undefined;
}

/** The log's frontier after `prev` (empty before block 0): the table's copy, else the archive's. */
export async function frontierAfter(deps: Pick<SealDeps, 'archive'>, prev: Block | undefined): Promise<Frontier> {
  if (!prev) return EMPTY_FRONTIER;
  const frontier = frontierOf(prev) ?? frontierOf((await deps.archive.getBlock(prev.seq))?.block);
  if (!frontier) throw new Error(`block ${prev.seq} carries no frontier matching its tree root; cannot extend the log`);
  return frontier;
}

/** Publishes the block's checkpoint, signed by the sealer's key under `origin`. */
export async function publishCheckpoint(deps: SealDeps, block: Block, origin: string): Promise<void> {
  if (!deps.checkpoints) return;
  const note = await signCheckpoint(
    { origin, treeSize: block.treeSize, rootHex: block.treeRoot, time: block.to },
    await deps.signer.publicKeyPem(),
    (message) => deps.signer.signMessage(message),
  );
  await deps.checkpoints.publish(block.treeSize, note);
}

/** The table is behind what was published: sealing now would seal those leaves' places again. */
export interface ResealRefusal {
  readonly tableTreeSize: number;
  readonly publishedTreeSize: number;
}

/**
 * Never re-seal: when the newest published checkpoint covers more leaves than the
 * table's newest block, blocks were removed after publication. Sealing on would sign a
 * different history at the same tree sizes, so the run refuses and a human investigates.
 */
export async function checkNoReseal(deps: SealDeps, latest: Block | undefined): Promise<ResealRefusal | undefined> {
  const note = await deps.checkpoints?.latest();
  const claim = note === undefined ? undefined : readCheckpointClaim(note);
  const tableTreeSize = latest?.treeSize ?? 0;
  if (!claim || claim.treeSize <= tableTreeSize) return undefined;
  return { tableTreeSize, publishedTreeSize: claim.treeSize };
}
