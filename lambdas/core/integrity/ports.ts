import type { StoredEvent } from '../event-schema';
import type { Block, BlockLeaf } from './block';

/**
 * Ports of the integrity use cases (sealer, verifier, proofs). AWS adapters (DynamoDB,
 * S3 with Object Lock, KMS) and local ones (folder, PEM key) implement them; unit tests
 * use in-memory fakes through the same interfaces.
 */

/** Signs block hashes. KMS (ECC_NIST_P256, ECDSA_SHA_256, MessageType RAW) or a local PEM key. */
export interface BlockSigner {
  /** Identifies the key; written into every block it signs. */
  readonly keyId: string;
  /**
   * ECDSA P-256 signature, base64 DER, over `SHA-256(digest32)`: the 32 bytes of
   * `blockHash` are the message, hashed once more exactly as KMS does for RAW messages.
   */
  sign(digest32: Uint8Array): Promise<string>;
  /**
   * ECDSA P-256 / SHA-256 signature, base64 DER, over `message` itself (at most 4096 bytes,
   * the KMS RAW limit): the signed-note signature of a checkpoint's text.
   */
  signMessage(message: Uint8Array): Promise<string>;
  /** The public key (SPKI PEM) that verifies this signer's signatures. */
  publicKeyPem(): Promise<string>;
}

/** Checks block signatures against trusted public keys; no network, no AWS. */
export interface SignatureVerifier {
  /** True when `keyId` is one of the trusted keys. */
  knows(keyId: string): boolean;
  /** True when `signature` (base64 DER) is a valid signature by `keyId` over the 32 bytes `digest32`. */
  verify(keyId: string, digest32: Uint8Array, signature: string): boolean;
  /**
   * True when `keyId` was valid for a block whose interval ends at `to` (trusted keys with
   * validity periods, trusted-keys.ts). Absent: every known key is valid at any time.
   */
  validAt?(keyId: string, to: Date): boolean;
}

/** A sealed block as archived: the block, its leaves, and the objects holding its events. */
export interface ArchivedBlock {
  readonly block: Block;
  /** The leaves in tree order; `leaves.length === block.count`. */
  readonly leaves: readonly BlockLeaf[];
  /** Keys of the block's event partitions (archive-codec.ts `eventPartitionKey`); empty for an empty block. */
  readonly eventObjects: readonly string[];
}

/**
 * The write-once archive, the system of record for the whole retention (S3 with Object Lock
 * COMPLIANCE, or a local folder). A block's events are written first, as partitions: one
 * gzipped NDJSON object per (retention class, UTC day of occurredAt) at
 * `events/retention=<class>/day=<YYYY-MM-DD>/<seq>.ndjson.gz`, each line exactly
 * `JSON.stringify(storedEvent)`, lines in leaf order; each object is locked until the latest
 * retention end of its events plus a day. Then `blocks/<seq>.json` holds the block, its
 * leaves and `eventObjects` (the partition keys), locked for the records retention, so a
 * reader finds a block's events without listing. Nothing archived is ever replaced.
 */
export interface BlockArchive {
  /**
   * Writes the block's partitions (`events` in leaf order). A partition whose key exists
   * already with the same events is success (a resumed seal rewriting what a crashed run
   * wrote); with other content, `ArchiveObjectExistsError`, the object left as it was.
   */
  putEvents(seq: number, events: readonly StoredEvent[]): Promise<void>;
  /** Writes `blocks/<seq>.json`; an existing key is `ArchiveObjectExistsError`. */
  putBlock(archived: ArchivedBlock): Promise<void>;
  getBlock(seq: number): Promise<ArchivedBlock | undefined>;
  /**
   * The archived events of block `seq` in leaf order, read from the objects its block file
   * names; undefined when one of them is missing. Before the block file exists (a seal that
   * crashed after its events), the partitions of `seq` are found by listing, in leaf order;
   * undefined when there are none.
   */
  getEvents(seq: number): Promise<StoredEvent[] | undefined>;
  /** The events of one partition by key, in leaf order; undefined when it is gone (a class whose retention ended). */
  getEventObject(key: string): Promise<StoredEvent[] | undefined>;
  /** Every archived block's seq, ascending. */
  listBlockSeqs(): Promise<number[]>;
}

/** The table's copy of the chain: one block item per seq, written once. */
export interface BlockStore {
  /** Writes a block unless its seq exists; an identical existing block is success, a different one `BlockConflictError`. */
  putBlock(block: Block): Promise<void>;
  getBlock(seq: number): Promise<Block | undefined>;
  /** The block with the highest seq, or undefined before the first seal. */
  latestBlock(): Promise<Block | undefined>;
  /** Blocks with `fromSeq <= seq < toSeq`, ascending; gaps are simply absent. */
  listBlocks(fromSeq: number, toSeq: number): Promise<Block[]>;
}

/**
 * Where signed checkpoints are published (a local folder, or an S3 bucket replicated to an
 * evidence account): one note per tree size, written once, and the newest one.
 */
export interface CheckpointLog {
  /**
   * Publishes a signed note: kept as the note of `treeSize` unless one exists (heartbeat
   * blocks repeat a size; the first note stays), and always as the newest.
   */
  publish(treeSize: number, note: string): Promise<void>;
  /** The newest published note, or undefined before the first. */
  latest(): Promise<string | undefined>;
}

/** Reads events by the time they were ingested (the table's byIngest index). */
export interface SealSource {
  /** Every stored event with `from <= ingestedAt < to`, any order. */
  eventsIngestedIn(from: Date, to: Date): Promise<StoredEvent[]>;
  /** One event by id, for leaves whose event lies outside the range being read. */
  getEvent(eventId: string): Promise<StoredEvent | undefined>;
}

/** An archive object or block item with this key exists already, with other content. */
export class ArchiveObjectExistsError extends Error {
  constructor(readonly key: string) {
    super(`archive object ${key} exists and is write-once`);
    this.name = 'ArchiveObjectExistsError';
  }
}

/** A different block with this seq is already in the table. */
export class BlockConflictError extends Error {
  constructor(readonly seq: number) {
    super(`a different block ${seq} is already stored`);
    this.name = 'BlockConflictError';
  }
}
