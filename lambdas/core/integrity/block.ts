import '../zod-messages';
import * as z from 'zod/mini';
import { canonicalHash } from '../canonical';
import { Sha256HexSchema, type StoredEvent } from '../event-schema';
import { hexToBytes, merkleRoot } from './merkle';

/**
 * A sealed block: one interval of ingested events, bound to its predecessor by hash and
 * signed. The block's fields other than `blockHash` and `signature` are its signed content;
 * `blockHash` is SHA-256 hex of their RFC 8785 form, and `signature` is ECDSA P-256 /
 * SHA-256 (base64 DER) over the 32 bytes of `blockHash`.
 */

/** `prevBlockHash` of block 0: no predecessor, written as 64 zeros so every block has the same shape. */
export const GENESIS_PREV_HASH = '0'.repeat(64);

const isoInstant = z.iso.datetime({ offset: false, local: false });

/** The signed content of a block (what `blockHash` covers). */
const UnsignedBlockSchema = z.strictObject({
  seq: z.int().check(z.minimum(0)),
  /** Interval start, inclusive: events with `from <= ingestedAt < to` belong here. */
  from: isoInstant,
  /** Interval end, exclusive; the next block's `from`. */
  to: isoInstant,
  /** Number of leaves: the tree size of every inclusion proof against this block. */
  count: z.int().check(z.minimum(0)),
  merkleRoot: Sha256HexSchema,
  prevBlockHash: Sha256HexSchema,
  /** Which key signed it (the KMS key ARN, or `local:<fingerprint>`). */
  keyId: z.string().check(z.minLength(1)),
  /**
   * Event ids ingested into an interval that was already sealed, sealed here instead.
   * Should stay empty (the grace period exceeds the worst-case write); non-empty is a
   * signal worth an alarm, never a reason to leave an event unsealed.
   */
  late: z.array(z.string().check(z.minLength(1))),
  /** Leaves in the whole log after this block (every earlier block's and this one's). */
  treeSize: z.int().check(z.minimum(0)),
  /** RFC 9162 root of the whole log after this block: what its checkpoint signs. */
  treeRoot: Sha256HexSchema,
});
export type UnsignedBlock = z.infer<typeof UnsignedBlockSchema>;

/** A sealed, signed block as stored in the table and archived. */
export const BlockSchema = z.extend(UnsignedBlockSchema, {
  blockHash: Sha256HexSchema,
  signature: z.base64().check(z.minLength(1)),
  /**
   * The log's frontier after this block (see log-tree.ts), kept so the next block extends
   * the log without re-reading history. Not signed: it is checked against `treeRoot`.
   */
  frontier: z.optional(z.array(Sha256HexSchema)),
});
export type Block = z.infer<typeof BlockSchema>;

/** One leaf as listed in the archive: which event, and the contentHash that was hashed. */
export interface BlockLeaf {
  readonly eventId: string;
  readonly contentHash: string;
}

/** The signed content of a block, with any extra fields dropped. */
function unsignedPart(block: UnsignedBlock): UnsignedBlock {
  const { seq, from, to, count, merkleRoot: root, prevBlockHash, keyId, late, treeSize, treeRoot } = block;
  return { seq, from, to, count, merkleRoot: root, prevBlockHash, keyId, late, treeSize, treeRoot };
}

/** `blockHash`: SHA-256 hex of the RFC 8785 form of the block without blockHash and signature. */
export function computeBlockHash(block: UnsignedBlock): string {
  return canonicalHash(unsignedPart(block));
}

/** The fields that order leaves. */
export type Orderable = Pick<StoredEvent, 'eventId' | 'ingestedAt'>;

/** An event's place in the leaf order: its ingest instant, then its eventId. */
interface LeafKey {
  readonly time: number;
  readonly eventId: string;
}

const leafKeyOf = (e: Orderable): LeafKey => ({ time: Date.parse(e.ingestedAt), eventId: e.eventId });

/**
 * The fixed leaf order within a block, defined once: by `ingestedAt` (as an instant), then
 * by `eventId` (UTF-16 code-unit order). Both are stored fields covered by contentHash, so
 * anyone can recompute the order from the events alone.
 */
function compareLeafKeys(a: LeafKey, b: LeafKey): number {
  // `||`: equal instants, and an unparseable one (NaN) in a tampered event, fall to eventId.
  return a.time - b.time || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

/** Leaf order of two events: negative when `a` comes first (the verifier checks sealed blocks with it). */
export function compareLeafOrder(a: Orderable, b: Orderable): number {
  return compareLeafKeys(leafKeyOf(a), leafKeyOf(b));
}

/** Events in leaf order (a sorted copy). Parses each time once, not once per comparison. */
export function inLeafOrder<T extends Orderable>(events: readonly T[]): T[] {
  const keyed = events.map((e) => ({ e, key: leafKeyOf(e) }));
  keyed.sort((a, b) => compareLeafKeys(a.key, b.key));
  return keyed.map((k) => k.e);
}

/** The leaf list of events already in leaf order. */
export function leavesOf(events: readonly Pick<StoredEvent, 'eventId' | 'contentHash'>[]): BlockLeaf[] {
  return events.map((e) => ({ eventId: e.eventId, contentHash: e.contentHash }));
}

/** Merkle root (hex) over leaves: each leaf input is the 32 bytes of its contentHash. */
export function rootOfLeaves(leaves: readonly Pick<BlockLeaf, 'contentHash'>[]): string {
  return merkleRoot(leaves.map((l) => hexToBytes(l.contentHash))).toString('hex');
}
