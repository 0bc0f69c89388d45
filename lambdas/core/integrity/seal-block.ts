import { contentHashOf } from '../content-hash';
import type { StoredEvent } from '../event-schema';
import { computeBlockHash, inLeafOrder, rootOfLeaves, type Block, type BlockLeaf, type UnsignedBlock } from './block';
import { extendFrontier, frontierRoot, type Frontier } from './log-tree';
import { hexToBytes, isSha256Hex } from './merkle';
import { partitionEvents } from './archive-codec';
import {
  ArchiveObjectExistsError,
  type BlockArchive,
  type BlockSigner,
  type BlockStore,
  type CheckpointLog,
  type SealSource,
} from './ports';

/** What sealing one interval needs. */
export interface SealDeps {
  readonly source: SealSource;
  readonly store: BlockStore;
  readonly archive: BlockArchive;
  readonly signer: BlockSigner;
  /** Where each block's signed checkpoint is published; without it none is. */
  readonly checkpoints?: CheckpointLog;
}

/** The interval to seal and the chain position it takes. */
export interface SealTarget {
  readonly seq: number;
  readonly from: Date;
  readonly to: Date;
  readonly prevBlockHash: string;
  /** The whole log's frontier after the previous block (empty before block 0). */
  readonly frontier: Frontier;
  /** How many earlier blocks to re-read for late events. */
  readonly lateLookbackBlocks: number;
}

/** One sealed block and what sealing it noticed. */
export interface SealedBlock {
  readonly block: Block;
  /** Events whose stored contentHash is not the hash of their content (sealed as stored). */
  readonly hashMismatches: readonly string[];
  /** True when the block was found already archived (an earlier run crashed) and adopted. */
  readonly adopted: boolean;
}

/**
 * Seals one interval. Writes the archive's event partitions, then the archived block, then
 * the table block, so a crash at any point is resumed by the next run: an archived block is
 * adopted as is (signatures are randomised, so it is never re-signed), and archived events
 * fix the block's content.
 */
export async function sealBlock(deps: SealDeps, target: SealTarget): Promise<SealedBlock> {
  const archived = await deps.archive.getBlock(target.seq);
  if (archived) return adopt(deps, target, archived.block);
  const events = await archiveEvents(deps, target.seq, inLeafOrder(await eventsToSeal(deps, target)));
  const leaves = events.map(leafOf);
  const frontier = extendFrontier(
    target.frontier,
    leaves.map((l) => hexToBytes(l.contentHash)),
  );
  const unsigned: UnsignedBlock = {
    seq: target.seq,
    from: target.from.toISOString(),
    to: target.to.toISOString(),
    count: leaves.length,
    merkleRoot: rootOfLeaves(leaves),
    prevBlockHash: target.prevBlockHash,
    keyId: deps.signer.keyId,
    late: events.filter((e) => Date.parse(e.ingestedAt) < target.from.getTime()).map((e) => e.eventId),
    treeSize: frontier.size,
    treeRoot: frontierRoot(frontier),
  };
  const blockHash = computeBlockHash(unsigned);
  const signature = await deps.signer.sign(hexToBytes(blockHash));
  const block: Block = { ...unsigned, blockHash, signature, frontier: [...frontier.hashes] };
  const eventObjects = partitionEvents(target.seq, events).map((p) => p.key);
  await deps.archive.putBlock({ block, leaves, eventObjects });
  await deps.store.putBlock(block);
  const hashMismatches = events.filter((e) => contentHashOf(e) !== e.contentHash).map((e) => e.eventId);
  return { block, hashMismatches, adopted: false };
}

/**
 * Archives the events to seal and returns the block's content. Partitions a crashed run
 * wrote with the same events are accepted by the archive; when it wrote other ones (the
 * table changed in between), what it archived is the content, and events it lacks are
 * sealed late by a later block.
 */
async function archiveEvents(deps: SealDeps, seq: number, events: readonly StoredEvent[]): Promise<StoredEvent[]> {
  try {
    await deps.archive.putEvents(seq, events);
    return [...events];
  } catch (error) {
    if (!(error instanceof ArchiveObjectExistsError)) throw error;
    const archived = await deps.archive.getEvents(seq);
    if (!archived) throw error;
    return inLeafOrder(archived);
  }
}

async function adopt(deps: SealDeps, target: SealTarget, block: Block): Promise<SealedBlock> {
  const fits =
    block.prevBlockHash === target.prevBlockHash &&
    Date.parse(block.from) === target.from.getTime() &&
    Date.parse(block.to) === target.to.getTime() &&
    block.treeSize === target.frontier.size + block.count;
  if (!fits) throw new Error(`archived block ${target.seq} does not continue the chain; refusing to seal over it`);
  await deps.store.putBlock(block);
  return { block, hashMismatches: [], adopted: true };
}

/**
 * The leaf of an event: its stored contentHash. A stored value that is not even a hash
 * is replaced by the recomputed one so the chain keeps going; the verifier names the event.
 */
function leafOf(event: StoredEvent): BlockLeaf {
  const contentHash = isSha256Hex(event.contentHash) ? event.contentHash : contentHashOf(event);
  return { eventId: event.eventId, contentHash };
}

/** Events ingested in the interval, plus late ones: ingested into an earlier, sealed interval but in none of its blocks. */
async function eventsToSeal(deps: SealDeps, target: SealTarget): Promise<StoredEvent[]> {
  const current = await deps.source.eventsIngestedIn(target.from, target.to);
  const firstSeq = Math.max(0, target.seq - target.lateLookbackBlocks);
  if (firstSeq >= target.seq) return current;
  const earlier = await deps.store.listBlocks(firstSeq, target.seq);
  const archivedEarlier = await Promise.all(earlier.map((b) => deps.archive.getBlock(b.seq)));
  const sealed = new Set(archivedEarlier.flatMap((a) => a?.leaves.map((l) => l.eventId) ?? []));
  const late: StoredEvent[] = [];
  for (const [i, block] of earlier.entries()) {
    // Without the archived leaves we cannot tell sealed from late; the verifier covers it.
    if (!archivedEarlier[i]) continue;
    const events = await deps.source.eventsIngestedIn(new Date(block.from), new Date(block.to));
    late.push(...events.filter((e) => !sealed.has(e.eventId)));
  }
  return [...current, ...late];
}
