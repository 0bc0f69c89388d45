import { gunzipSync, gzipSync } from 'node:zlib';
import type { RetentionClass } from '../catalogue';
import type { StoredEvent } from '../event-schema';
import { BlockSchema, type BlockLeaf } from './block';
import type { ArchivedBlock } from './ports';

/**
 * The archive's object formats, shared by the S3 and local-folder archives so both hold
 * byte-identical objects: `blocks/<seq>.json` and `events/<seq>.ndjson.gz`.
 */

/** Object key of a block. Seq is zero-padded so keys list in seq order. */
export function blockObjectKey(seq: number): string {
  return `blocks/${String(seq).padStart(12, '0')}.json`;
}

/** Object key of a block's sealed events. */
export function eventsObjectKey(seq: number): string {
  return `events/${String(seq).padStart(12, '0')}.ndjson.gz`;
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

/** `blocks/<seq>.json`: `{block, leaves}` as JSON. */
export function encodeArchivedBlock(archived: ArchivedBlock): Buffer {
  return Buffer.from(`${JSON.stringify({ block: archived.block, leaves: archived.leaves }, null, 2)}\n`, 'utf8');
}

/** Parses `blocks/<seq>.json`; throws on a malformed object. */
export function decodeArchivedBlock(body: Uint8Array): ArchivedBlock {
  const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as { block: unknown; leaves: unknown };
  const block = BlockSchema.parse(parsed.block);
  if (!Array.isArray(parsed.leaves)) throw new TypeError('archived block has no leaves list');
  const leaves = parsed.leaves.map((l: BlockLeaf) => ({
    eventId: String(l.eventId),
    contentHash: String(l.contentHash),
  }));
  return { block, leaves };
}

/** `events/<seq>.ndjson.gz`: one stored event per line, in leaf order, gzipped. */
export function encodeEvents(events: readonly StoredEvent[]): Buffer {
  return gzipSync(Buffer.from(events.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8'));
}

/** Parses `events/<seq>.ndjson.gz`. */
export function decodeEvents(body: Uint8Array): StoredEvent[] {
  const text = gunzipSync(body).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as StoredEvent);
}
