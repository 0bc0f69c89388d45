/**
 * SQS batch limits, in one place: a batch call takes at most ten entries, and a
 * SendMessageBatch at most 256 KiB of message bodies in all (each message is also at
 * most that). Events are at most 32 KiB (parse-request.ts), so one always fits.
 */
import type { StoredEvent } from '../../core/event-schema';

/** Entries per SendMessageBatch, DeleteMessageBatch or ChangeMessageVisibilityBatch. */
export const MAX_BATCH_ENTRIES = 10;
/** Bytes of message bodies per SendMessageBatch (and per message). */
export const MAX_BATCH_BYTES = 256 * 1024;

/** One event as a message body. */
export interface BacklogEntry {
  readonly eventId: string;
  readonly body: string;
}

/** What a failed entry of a batch call reports (SQS's BatchResultErrorEntry). */
export interface BatchEntryResult {
  readonly Code?: string;
}

/** The events as message bodies, in order, cut into batches within both limits. */
export function sendBatches(events: readonly StoredEvent[]): BacklogEntry[][] {
  const batches: BacklogEntry[][] = [];
  let batch: BacklogEntry[] = [];
  let bytes = 0;
  for (const event of events) {
    const entry = { eventId: event.eventId, body: JSON.stringify(event) };
    const size = Buffer.byteLength(entry.body, 'utf8');
    if (size > MAX_BATCH_BYTES) throw new RangeError(`event ${event.eventId} is larger than an SQS message (${size} bytes)`);
    if (batch.length === MAX_BATCH_ENTRIES || bytes + size > MAX_BATCH_BYTES) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** The items in consecutive groups of at most ten, in order. */
export function inTens<T>(items: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_BATCH_ENTRIES) groups.push(items.slice(i, i + MAX_BATCH_ENTRIES));
  return groups;
}
