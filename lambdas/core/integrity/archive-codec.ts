import { gunzipSync, gzipSync } from 'node:zlib';
import {
  RECORDS_RETENTION_DAYS,
  RECORDS_RETENTION_YEARS,
  RETENTION_CLASSES,
  RETENTION_DAYS,
  type RetentionClass,
} from '../catalogue';
import type { StoredEvent } from '../event-schema';
import { BlockSchema, inLeafOrder, type Block, type BlockLeaf } from './block';
import type { ArchivedBlock } from './ports';

/**
 * The archive's object formats, shared by the S3 and local-folder archives so both hold
 * byte-identical objects: `blocks/<seq>.json` and the block's event partitions
 * `events/retention=<class>/day=<YYYY-MM-DD>/<seq>.ndjson.gz`, with how long each is locked.
 */

const DAY_MS = 86_400_000;
/** Added to every lock so clock skew or a late seal never unlocks an object a day early. */
export const LOCK_MARGIN_DAYS = 1;

/**
 * Days the archive keeps (and locks) block files and the partitions of the longest retention
 * class: config `archiveRetentionYears` with the leap days such a span can hold (7 years:
 * 2557), never less than the records retention. The bucket's lifecycle expires those
 * objects after the same days plus the margin.
 */
export function archiveRetentionDays(archiveRetentionYears: number = RECORDS_RETENTION_YEARS): number {
  return Math.max(365 * archiveRetentionYears + Math.ceil(archiveRetentionYears / 4), RECORDS_RETENTION_DAYS);
}

/** True for the class with the longest retention (security, application): kept as long as the archive. */
function isLongestClass(retentionClass: RetentionClass): boolean {
  return RETENTION_DAYS[retentionClass] >= RECORDS_RETENTION_DAYS;
}

/** Object key of a block. Seq is zero-padded so keys list in seq order. */
export function blockObjectKey(seq: number): string {
  return `blocks/${String(seq).padStart(12, '0')}.json`;
}

/**
 * Object key of one partition of a block's sealed events, laid out for query engines
 * (Athena with Glue partition projection on AWS, DuckDB locally): the block's events of one
 * retention class that occurred on one UTC day, one stored event per line, gzipped.
 * `events/retention=<class>/day=<YYYY-MM-DD>/<seq>.ndjson.gz`.
 */
export function eventPartitionKey(seq: number, retentionClass: RetentionClass, day: string): string {
  return `events/retention=${retentionClass}/day=${day}/${String(seq).padStart(12, '0')}.ndjson.gz`;
}

/** True for a key `eventPartitionKey` makes for block `seq`. */
export function isEventPartitionOf(key: string, seq: number): boolean {
  return (
    /^events\/retention=[a-z]+\/day=\d{4}-\d{2}-\d{2}\/\d{12}\.ndjson\.gz$/.test(key) &&
    key.endsWith(`/${String(seq).padStart(12, '0')}.ndjson.gz`)
  );
}

/** One object of a block's events: its key, its events in leaf order, and the end of its lock. */
export interface EventPartition {
  readonly key: string;
  readonly events: readonly StoredEvent[];
  /**
   * The latest retention end of its events (for the longest class, at least the archive's
   * retention from ingest) plus the margin: the object stays locked until then.
   */
  readonly retainUntil: Date;
}

/**
 * A block's events (in leaf order) cut into partitions by retention class and the UTC day
 * they occurred on; partitions in order of their first leaf, lines in leaf order.
 * `archiveDays` (archiveRetentionDays) is how long the longest class is kept.
 */
export function partitionEvents(
  seq: number,
  events: readonly StoredEvent[],
  archiveDays: number = RECORDS_RETENTION_DAYS,
): EventPartition[] {
  const byKey = new Map<string, StoredEvent[]>();
  for (const event of events) {
    const key = eventPartitionKey(seq, event.retention.class, event.occurredAt.slice(0, 10));
    byKey.set(key, [...(byKey.get(key) ?? []), event]);
  }
  return [...byKey].map(([key, inPartition]) => ({
    key,
    events: inPartition,
    retainUntil: lockEndOf(inPartition, archiveDays),
  }));
}

/**
 * The latest lock end of the events, plus the margin: an event's `retention.expiresAt`, or
 * for the longest class its ingest plus `archiveDays` when that is later (a longer
 * `archiveRetentionYears`: the lifecycle keeps the object that long, so the lock does too).
 */
function lockEndOf(events: readonly StoredEvent[], archiveDays: number): Date {
  const endOf = (e: StoredEvent): number => {
    const expires = Date.parse(e.retention.expiresAt);
    return isLongestClass(e.retention.class)
      ? Math.max(expires, Date.parse(e.ingestedAt) + archiveDays * DAY_MS)
      : expires;
  };
  return new Date(Math.max(...events.map(endOf)) + LOCK_MARGIN_DAYS * DAY_MS);
}

/** Days after its block's interval that a partition of `retentionClass` is kept: the class's retention plus the margin (the lifecycle rule's age). */
export function partitionKeptDays(retentionClass: RetentionClass): number {
  return RETENTION_DAYS[retentionClass] + LOCK_MARGIN_DAYS;
}

/**
 * True when the partition at `key` of `block` may be gone because its retention ended: every
 * event in it expired, and S3 Lifecycle (never earlier than this) may have removed it.
 */
export function partitionRetentionEnded(key: string, block: Pick<Block, 'to'>, now: Date): boolean {
  const retentionClass = /^events\/retention=([a-z]+)\//.exec(key)?.[1];
  const known = RETENTION_CLASSES.find((c) => c === retentionClass);
  if (!known) return false;
  return Date.parse(block.to) + partitionKeptDays(known) * DAY_MS <= now.getTime();
}

/** A block file is locked for the archive's retention (archiveRetentionDays) after its interval ends, plus the margin. */
export function blockRetainUntil(block: Pick<Block, 'to'>, archiveDays: number = RECORDS_RETENTION_DAYS): Date {
  return new Date(Date.parse(block.to) + (archiveDays + LOCK_MARGIN_DAYS) * DAY_MS);
}

/** `blocks/<seq>.json`: `{block, leaves, eventObjects}` as JSON. */
export function encodeArchivedBlock(archived: ArchivedBlock): Buffer {
  const { block, leaves, eventObjects } = archived;
  return Buffer.from(`${JSON.stringify({ block, leaves, eventObjects }, null, 2)}\n`, 'utf8');
}

/** Parses `blocks/<seq>.json`; throws on a malformed object. */
export function decodeArchivedBlock(body: Uint8Array): ArchivedBlock {
  const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as {
    block: unknown;
    leaves: unknown;
    eventObjects: unknown;
  };
  const block = BlockSchema.parse(parsed.block);
  if (!Array.isArray(parsed.leaves)) throw new TypeError('archived block has no leaves list');
  if (!Array.isArray(parsed.eventObjects)) throw new TypeError('archived block has no eventObjects list');
  const leaves = parsed.leaves.map((l: BlockLeaf) => ({
    eventId: String(l.eventId),
    contentHash: String(l.contentHash),
  }));
  const eventObjects = parsed.eventObjects.map(String);
  if (!eventObjects.every((key) => isEventPartitionOf(key, block.seq)))
    throw new TypeError(`archived block ${block.seq} names an object that is not one of its event partitions`);
  return { block, leaves, eventObjects };
}

/** Events of several partitions back in leaf order: by the leaf list when known, else by the documented order. */
export function inArchivedLeafOrder(events: readonly StoredEvent[], leaves?: readonly BlockLeaf[]): StoredEvent[] {
  if (!leaves) return inLeafOrder(events);
  const position = new Map(leaves.map((l, i) => [l.eventId, i]));
  const at = (e: StoredEvent) => position.get(e.eventId) ?? leaves.length;
  return [...events].sort((a, b) => at(a) - at(b));
}

/** An event partition's bytes: one stored event per line, in leaf order, gzipped. */
export function encodeEvents(events: readonly StoredEvent[]): Buffer {
  return gzipSync(Buffer.from(events.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8'));
}

/** Parses an event partition. */
export function decodeEvents(body: Uint8Array): StoredEvent[] {
  const text = gunzipSync(body).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as StoredEvent);
}

/**
 * A block's events from its partition objects, in leaf order: the block file names the
 * objects; without one (a seal that crashed before writing it) `keys` are those found by
 * listing. Undefined when there is nothing to read or any named object is missing.
 * Shared by the S3 and local-folder archives.
 */
export async function eventsOfBlockObjects(
  archived: ArchivedBlock | undefined,
  keys: readonly string[],
  read: (key: string) => Promise<Uint8Array | undefined>,
): Promise<StoredEvent[] | undefined> {
  if (!archived && keys.length === 0) return undefined;
  const bodies = await Promise.all(keys.map(read));
  if (bodies.some((body) => body === undefined)) return undefined;
  return inArchivedLeafOrder(
    bodies.flatMap((body) => decodeEvents(body as Uint8Array)),
    archived?.leaves,
  );
}
