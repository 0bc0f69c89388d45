import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { documentClientFor } from '../../../lambdas/adapters/dynamodb/document-client';
import { DynamoDbAlarmStateStore } from '../../../lambdas/adapters/dynamodb/dynamodb-alarm-state-store';
import type { RecordedAlarmStatus } from '../../../lambdas/core/monitoring/alarm-states';

const TABLE = 'dmis-audit-detector-test';
const ddb = mockClient(DynamoDBDocumentClient);

function aStatus(overrides: Partial<RecordedAlarmStatus> = {}): RecordedAlarmStatus {
  return {
    name: 'ingest-errors',
    state: 'ALARM',
    value: 12,
    threshold: 5,
    since: '2026-11-20T10:15:00.000Z',
    ...overrides,
  };
}

function newStore(): DynamoDbAlarmStateStore {
  return new DynamoDbAlarmStateStore(documentClientFor(new DynamoDBClient({ region: 'eu-west-1' })), TABLE);
}

beforeEach(() => {
  ddb.reset();
});

describe('DynamoDbAlarmStateStore.record', () => {
  it('puts ALARMSTATE#<name> only when no state is stored or the stored one is older', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});
    // Act
    await newStore().record(aStatus());
    // Assess
    expect(ddb.commandCalls(PutCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: TABLE,
        Item: { pk: 'ALARMSTATE#ingest-errors', ...aStatus() },
        ConditionExpression: 'attribute_not_exists(pk) OR since < :since',
        ExpressionAttributeValues: { ':since': '2026-11-20T10:15:00.000Z' },
      },
    ]);
  });

  it('treats a failed condition (a newer state is stored) as done, keeping the newer state', async () => {
    // Prepare
    ddb
      .on(PutCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    // Act
    const recording = newStore().record(aStatus({ state: 'OK', since: '2026-11-20T10:10:00.000Z' }));
    // Assess
    await expect(recording).resolves.toBeUndefined();
  });

  it('passes any other DynamoDB error through, so the notification is retried', async () => {
    // Prepare
    const throttled = new ProvisionedThroughputExceededException({ message: 'throttled', $metadata: {} });
    ddb.on(PutCommand).rejects(throttled);
    // Act
    const recording = newStore().record(aStatus());
    // Assess
    await expect(recording).rejects.toBe(throttled);
  });
});

describe('DynamoDbAlarmStateStore.list', () => {
  it('scans for ALARMSTATE# items and follows LastEvaluatedKey to the end', async () => {
    // Prepare
    ddb
      .on(ScanCommand)
      .resolvesOnce({ Items: [], LastEvaluatedKey: { pk: 'COUNTER#x' } })
      .resolvesOnce({ Items: [] });
    // Act
    await newStore().list();
    // Assess
    const filter = {
      TableName: TABLE,
      FilterExpression: 'begins_with(pk, :prefix)',
      ExpressionAttributeValues: { ':prefix': 'ALARMSTATE#' },
    };
    expect(ddb.commandCalls(ScanCommand).map((call) => call.args[0].input)).toEqual([
      filter,
      { ...filter, ExclusiveStartKey: { pk: 'COUNTER#x' } },
    ]);
  });

  it('returns every page’s statuses by name, without the table key', async () => {
    // Prepare
    const ingest = aStatus();
    const auth = aStatus({ name: 'auth-failures', state: 'OK', value: 0 });
    const denied = aStatus({ name: 'denied-reads', state: 'INSUFFICIENT_DATA', value: 0 });
    ddb
      .on(ScanCommand)
      .resolvesOnce({
        Items: [{ pk: 'ALARMSTATE#ingest-errors', ...ingest }],
        LastEvaluatedKey: { pk: 'ALARMSTATE#ingest-errors' },
      })
      .resolvesOnce({
        Items: [
          { pk: 'ALARMSTATE#denied-reads', ...denied },
          { pk: 'ALARMSTATE#auth-failures', ...auth },
        ],
      });
    // Act
    const statuses = await newStore().list();
    // Assess
    expect(statuses).toEqual([auth, denied, ingest]);
  });

  it('passes a failed scan through', async () => {
    // Prepare
    const throttled = new ProvisionedThroughputExceededException({ message: 'throttled', $metadata: {} });
    ddb.on(ScanCommand).rejects(throttled);
    // Act
    const listing = newStore().list();
    // Assess
    await expect(listing).rejects.toBe(throttled);
  });
});
