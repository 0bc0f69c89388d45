/**
 * The brute-force detector's counters in DynamoDB: one item per key and minute bucket
 * (atomic ADD), one item per live alert claim (conditional put), all expiring by TTL.
 * A table of its own: the audit table is append-only and denies UpdateItem to everyone.
 */
import { BatchGetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DetectorCounters } from '../../core/monitoring/ports';

/** The detector table's keys: the one definition the CDK construct and local creation use. */
export const DETECTOR_TABLE = {
  partitionKey: { name: 'pk', type: 'S' },
  timeToLiveAttribute: 'expiresAtEpoch',
} as const;

const countKey = (key: string, bucket: number) => `COUNT#${key}#${bucket}`;
const alertKey = (key: string) => `ALERT#${key}`;

/** DetectorCounters on a DynamoDB table shaped like DETECTOR_TABLE. */
export class DynamoDbDetectorCounters implements DetectorCounters {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async addAndCount(
    key: string,
    bucket: number,
    windowBuckets: readonly number[],
    expiresAtEpoch: number,
  ): Promise<number> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: countKey(key, bucket) },
        UpdateExpression: 'ADD #n :one SET #ttl = :expires',
        ExpressionAttributeNames: { '#n': 'n', '#ttl': DETECTOR_TABLE.timeToLiveAttribute },
        ExpressionAttributeValues: { ':one': 1, ':expires': expiresAtEpoch },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const current = Number(Attributes?.n ?? 0);
    const others = windowBuckets.filter((b) => b !== bucket);
    return current + (await this.sumOf(key, others));
  }

  async claimAlert(key: string, nowEpoch: number, untilEpoch: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: alertKey(key), alertUntil: untilEpoch, [DETECTOR_TABLE.timeToLiveAttribute]: untilEpoch + 3600 },
          // TTL removal lags by up to days, so an expired claim is judged by alertUntil, not by its presence.
          ConditionExpression: 'attribute_not_exists(pk) OR alertUntil <= :now',
          ExpressionAttributeValues: { ':now': nowEpoch },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async sumOf(key: string, buckets: readonly number[]): Promise<number> {
    if (buckets.length === 0) return 0;
    let keys = buckets.map((b) => ({ pk: countKey(key, b) }));
    let sum = 0;
    // BatchGet may return some keys unprocessed under throttling; ask again for those only.
    for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
      const out = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const item of out.Responses?.[this.tableName] ?? []) sum += Number(item.n ?? 0);
      keys = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as { pk: string }[];
    }
    if (keys.length > 0) throw new Error('detector counters: DynamoDB left keys unprocessed after 5 attempts');
    return sum;
  }
}
