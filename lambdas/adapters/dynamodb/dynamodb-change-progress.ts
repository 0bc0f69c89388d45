/**
 * The stream processor's progress markers in the detector table: one `DONE#<key>` item per
 * processed change, expiring by TTL after the stream's own retention (24 h) has long passed.
 * Read with BatchGetItem and written with PutItem, the two calls the detector already holds.
 */
import { BatchGetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChangeProgress } from '../../core/monitoring/change-progress';
import { DETECTOR_TABLE } from './detector-counters';

/** Markers outlive the stream's 24 h retention, so no redelivery can outlast its marker. */
const MARKER_LIFETIME_SECONDS = 2 * 86_400;

const markerKey = (key: string) => ({ pk: `DONE#${key}` });

/** ChangeProgress on a table shaped like DETECTOR_TABLE. */
export class DynamoDbChangeProgress implements ChangeProgress {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly nowEpoch: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  async isDone(key: string): Promise<boolean> {
    const out = await this.client.send(
      new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: [markerKey(key)], ConsistentRead: true } } }),
    );
    // An unprocessed key (throttling) reads as "not done": at worst the line is written again.
    return (out.Responses?.[this.tableName]?.length ?? 0) > 0;
  }

  async markDone(key: string): Promise<void> {
    const expiresAtEpoch = this.nowEpoch() + MARKER_LIFETIME_SECONDS;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...markerKey(key), [DETECTOR_TABLE.timeToLiveAttribute]: expiresAtEpoch },
      }),
    );
  }
}
