import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredEvent } from '../../core/event-schema';
import type { SealSource } from '../../core/integrity/ports';
import type { ItemKeySource, KeyedItem } from '../../core/integrity/verify-items';
import { DEFAULT_HOT_WINDOW_SECONDS, fromEventItem, ingestBucketKey, toEventItem } from './event-item';
import { itemsByKey } from './items-by-key';
import { AUDIT_TABLE, ITEM_KEYS, SHARD_COUNT, STORAGE_ONLY_ATTRIBUTES } from './table-schema';

const MINUTE_MS = 60_000;
const INGEST_INDEX = 'byIngest';

/**
 * The sealer's and verifier's view of the events: by ingest time through the byIngest
 * index, one query per UTC minute and write shard that the interval touches, all in
 * parallel. The index is eventually consistent; the sealer's grace period covers that.
 * It lists keys only (table-schema.ts): the events are then read whole from the table.
 */
export class DynamoDbSealSource implements SealSource, ItemKeySource {
  readonly tableKeyNames = [AUDIT_TABLE.partitionKey.name, AUDIT_TABLE.sortKey.name];

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The writer's hot window (HOT_WINDOW_SECONDS): the expected TTL of each item depends on it. */
    private readonly hotWindowSeconds = DEFAULT_HOT_WINDOW_SECONDS,
  ) {}

  async eventsIngestedIn(from: Date, to: Date): Promise<StoredEvent[]> {
    return (await this.rawItemsIngestedIn(from, to)).map(fromEventItem);
  }

  /** The raw items with their storage keys, for the verifier's item identity check. */
  async itemsIngestedIn(from: Date, to: Date): Promise<KeyedItem[]> {
    return (await this.rawItemsIngestedIn(from, to)).map((item) => ({
      event: fromEventItem(item),
      keys: keysOf(item),
    }));
  }

  /** The storage keys the one table schema gives an event (event-item.ts). */
  expectedKeys(event: StoredEvent): Record<string, unknown> {
    return keysOf(toEventItem(event, this.hotWindowSeconds));
  }

  private async rawItemsIngestedIn(from: Date, to: Date): Promise<Record<string, unknown>[]> {
    if (to.getTime() <= from.getTime()) return [];
    const [fromIso, toIso] = [from.toISOString(), to.toISOString()];
    const buckets = minutesOf(from, to).flatMap((minute) =>
      Array.from({ length: SHARD_COUNT }, (_, shard) => ingestBucketKey(minute, shard)),
    );
    const pages = await Promise.all(buckets.map((bucket) => this.queryBucket(bucket, fromIso, toIso)));
    return itemsByKey(this.client, this.tableName, pages.flat());
  }

  async getEvent(eventId: string): Promise<StoredEvent | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: ITEM_KEYS.eventPk(eventId), sk: ITEM_KEYS.eventSk },
        ConsistentRead: true,
      }),
    );
    return Item ? fromEventItem(Item) : undefined;
  }

  /**
   * One bucket's events with `fromIso <= ingestedAt < toIso`. The sort key is
   * `<ingestedAt>#<eventId>`, so BETWEEN fromIso AND toIso is exactly that half-open range:
   * `<toIso>#…` sorts after `toIso`.
   */
  private async queryBucket(bucket: string, fromIso: string, toIso: string): Promise<Record<string, unknown>[]> {
    const events: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INGEST_INDEX,
          KeyConditionExpression: 'ingestKey = :bucket AND ingestSortKey BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':bucket': bucket, ':from': fromIso, ':to': toIso },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) events.push(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return events;
  }
}

/** Only the storage-only attributes of an item (keys, index keys, TTL), the ones present. */
function keysOf(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(STORAGE_ONLY_ATTRIBUTES.filter((n) => item[n] !== undefined).map((n) => [n, item[n]]));
}

/** ISO strings of every UTC minute that overlaps [from, to). */
function minutesOf(from: Date, to: Date): string[] {
  const minutes: string[] = [];
  for (let t = Math.floor(from.getTime() / MINUTE_MS) * MINUTE_MS; t < to.getTime(); t += MINUTE_MS) {
    minutes.push(new Date(t).toISOString());
  }
  return minutes;
}
