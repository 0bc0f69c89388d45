/**
 * Alarm states in DynamoDB: one item per alarm in the detector table (`ALARMSTATE#<name>`),
 * written only when newer than what is stored, so SNS's out-of-order delivery cannot
 * roll a state back.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlarmStateStore, RecordedAlarmStatus } from '../../core/monitoring/alarm-states';

const PREFIX = 'ALARMSTATE#';

/** AlarmStateStore on the detector table. */
export class DynamoDbAlarmStateStore implements AlarmStateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(status: RecordedAlarmStatus): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `${PREFIX}${status.name}`, ...status },
          ConditionExpression: 'attribute_not_exists(pk) OR since < :since',
          ExpressionAttributeValues: { ':since': status.since },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** A scan: the table holds a few dozen alarm items and short-lived counters only. */
  async list(): Promise<RecordedAlarmStatus[]> {
    const statuses: RecordedAlarmStatus[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'begins_with(pk, :prefix)',
          ExpressionAttributeValues: { ':prefix': PREFIX },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? []) {
        const { name, state, value, threshold, since } = item as RecordedAlarmStatus;
        statuses.push({ name, state, value, threshold, since });
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return statuses.sort((a, b) => a.name.localeCompare(b.name));
  }
}
