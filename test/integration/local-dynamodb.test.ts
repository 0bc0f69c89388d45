import { DescribeTableCommand, DescribeTimeToLiveCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from '@jest/globals';
import { createLocalClients } from '../../local/clients';
import { ensureAuditTable } from '../../local/create-table';
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { AUDIT_TABLE, SEARCH_FILTER_ATTRIBUTES } from '../../lambdas/adapters/dynamodb/table-schema';
import { createTestTable } from '../setup/table';

describe('local audit table creation', () => {
  it('creates every index from the shared schema with its projection: keys only for byIngest, the filtered fields for search', async () => {
    // Prepare
    const { client, tableName } = await createTestTable();
    // Act
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // Assess
    const indexes = Object.fromEntries((Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i.Projection]));
    expect(Object.keys(indexes).sort()).toEqual(AUDIT_TABLE.indexes.map((i) => i.indexName).sort());
    expect(indexes.byIngest).toEqual({ ProjectionType: 'KEYS_ONLY' });
    for (const name of ['byActor', 'byTarget', 'byType', 'byTime']) {
      expect(indexes[name]?.ProjectionType).toBe('INCLUDE');
      expect([...(indexes[name]?.NonKeyAttributes ?? [])].sort()).toEqual([...SEARCH_FILTER_ATTRIBUTES].sort());
    }
  });

  it('turns on the NEW_IMAGE stream', async () => {
    const { client, tableName } = await createTestTable();
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
  });

  it('enables TTL on the expiry attribute', async () => {
    const { client, tableName } = await createTestTable();
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: AUDIT_TABLE.timeToLiveAttribute });
  });

  it('reuses an existing table and keeps its items', async () => {
    // Prepare
    const { client, documentClient, tableName } = await createTestTable();
    const key = { pk: 'EVENT#kept', sk: 'EVENT' };
    await documentClient.send(new PutCommand({ TableName: tableName, Item: key }));
    // Act
    const result = await ensureAuditTable(client, tableName);
    // Assess
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: key }));
    expect({ created: result.created, kept: Item }).toEqual({ created: false, kept: key });
  });

  it('shares one database with any client, whatever its credentials (-sharedDb)', async () => {
    // Prepare
    const { tableName, endpoint } = await createTestTable();
    const other = createLocalClients(endpoint);
    // Act
    const { Table } = await other.client.send(new DescribeTableCommand({ TableName: tableName }));
    // Assess
    expect(Table?.TableName).toBe(tableName);
  });
});

describe('DynamoDB Local process', () => {
  it('stops: after stop() its endpoint no longer answers', async () => {
    // Prepare
    const dynamodb = await startDynamoDbLocal();
    const { client } = createLocalClients(dynamodb.endpoint, 1);
    // Act
    await dynamodb.stop();
    // Assess
    await expect(client.send(new ListTablesCommand({}))).rejects.toThrow();
  }, 90_000);

  it('says that Java is needed when `java` is not on PATH', async () => {
    // Prepare
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      // Act
      const started = startDynamoDbLocal();
      // Assess
      await expect(started).rejects.toThrow(/needs Java/);
    } finally {
      process.env.PATH = path;
    }
  });
});
