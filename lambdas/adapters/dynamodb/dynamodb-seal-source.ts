import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredEvent } from '../../core/event-schema';
import type { SealSource } from '../../core/integrity/ports';
import { fromEventItem, ingestBucketKey } from './event-item';
import { ITEM_KEYS, SHARD_COUNT } from './table-schema';

const MINUTE_MS = 60_000;
const INGEST_INDEX = 'byIngest';

/**
 * The sealer's and verifier's view of the events: by ingest time through the byIngest
 * index, one query per UTC minute and write shard that the interval touches, all in
 * parallel. The index is eventually consistent; the sealer's grace period covers that.
 */
export class DynamoDbSealSource implements SealSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async eventsIngestedIn(from: Date, to: Date): Promise<StoredEvent[]> {
    if (to.getTime() <= from.getTime()) return [];
    const [fromIso, toIso] = [from.toISOString(), to.toISOString()];
    const buckets = minutesOf(from, to).flatMap((minute) =>
      Array.from({ length: SHARD_COUNT }, (_, shard) => ingestBucketKey(minute, shard)),
    );
    const pages = await Promise.all(buckets.map((bucket) => this.queryBucket(bucket, fromIso, toIso)));
    return pages.flat();
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
  private async queryBucket(bucket: string, fromIso: string, toIso: string): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
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
      for (const item of page.Items ?? []) events.push(fromEventItem(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return events;
  }
}

/** ISO strings of every UTC minute that overlaps [from, to). */
function minutesOf(from: Date, to: Date): string[] {
  const minutes: string[] = [];
  for (let t = Math.floor(from.getTime() / MINUTE_MS) * MINUTE_MS; t < to.getTime(); t += MINUTE_MS) {
    minutes.push(new Date(t).toISOString());
  }
  return minutes;
}
