import type { StoredEvent } from '../../core/event-schema';
import { DEFAULT_HOT_WINDOW_DAYS, hotWindowSecondsOf, tableExpiryEpoch } from '../../core/hot-window';
import { parseSealedValue } from '../../core/privacy/sealed-value';
import { AUDIT_TABLE, ITEM_KEYS, SHARD_COUNT, STORAGE_ONLY_ATTRIBUTES } from './table-schema';

/**
 * Maps a stored event to its DynamoDB item and back. The item is the event's own fields
 * plus the key attributes named in table-schema.ts; reading strips those again, so what
 * leaves the store is exactly what was hashed plus `contentHash`.
 */

/** The hot window a store uses when its composition root names none. */
export const DEFAULT_HOT_WINDOW_SECONDS = hotWindowSecondsOf(DEFAULT_HOT_WINDOW_DAYS);

/** Which write shard an event's time and ingest index keys use. */
export function shardOf(contentHash: string): number {
  return Number.parseInt(contentHash.slice(0, 8), 16) % SHARD_COUNT;
}

/** Partition key of the byIngest index for one UTC minute and shard. */
export function ingestBucketKey(minuteIso: string, shard: number): string {
  return `${minuteIso.slice(0, 16)}#${shard}`;
}

/** Sort key shared by the byActor, byTarget, byType and byTime indexes. */
export function timeKey(occurredAt: string, eventId: string): string {
  return `${occurredAt}#${eventId}`;
}

/**
 * The DynamoDB item for an event. It leaves the table at the end of its hot window (or of
 * its retention, if sooner); the event's own `retention.expiresAt` stays the retention.
 */
export function toEventItem(event: StoredEvent, hotWindowSeconds = DEFAULT_HOT_WINDOW_SECONDS): Record<string, unknown> {
  const shard = shardOf(event.contentHash);
  const item: Record<string, unknown> = {
    ...event,
    [AUDIT_TABLE.partitionKey.name]: ITEM_KEYS.eventPk(event.eventId),
    [AUDIT_TABLE.sortKey.name]: ITEM_KEYS.eventSk,
    [AUDIT_TABLE.timeToLiveAttribute]: tableExpiryEpoch(event.ingestedAt, event.retention.expiresAt, hotWindowSeconds),
    actorKey: event.actor.userId,
    typeKey: `${event.eventType}#${event.occurredAt.slice(0, 7)}`,
    timeKey: timeKey(event.occurredAt, event.eventId),
    dayKey: `${event.occurredAt.slice(0, 10)}#${shard}`,
    ingestKey: ingestBucketKey(event.ingestedAt, shard),
    ingestSortKey: `${event.ingestedAt}#${event.eventId}`,
  };
  if (event.target) item.targetKey = `${event.target.type}#${event.target.id}`;
  // A sealed actor.ip carries its blind index: searching by IP matches it without the address.
  const ipBlind = parseSealedValue(event.actor.ip)?.blind;
  if (ipBlind) item.ipKey = ipBlind;
  return item;
}

/** The stored event held in an item: every storage-only attribute removed. */
export function fromEventItem(item: Record<string, unknown>): StoredEvent {
  const event: Record<string, unknown> = { ...item };
  for (const name of STORAGE_ONLY_ATTRIBUTES) delete event[name];
  return event as unknown as StoredEvent;
}
