/**
 * Creates the audit table in DynamoDB Local from the shared definition in
 * lambdas/adapters/dynamodb/table-schema.ts: the one table-creation path used by
 * `npm start`, the tests and the benchmark. What DynamoDB Local cannot do is left out:
 * PITR, deletion protection and the resource policy (rejected or meaningless locally),
 * and SSE/KMS (ignored locally). Those are the CDK construct's business.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type Projection,
} from '@aws-sdk/client-dynamodb';
import { AUDIT_TABLE, type IndexProjection } from '../lambdas/adapters/dynamodb/table-schema';

/** The CreateTable request for the audit table, as far as DynamoDB Local supports it. */
export function auditTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributeDefinitions(),
    KeySchema: [
      { AttributeName: AUDIT_TABLE.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: AUDIT_TABLE.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: AUDIT_TABLE.indexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: projectionOf(index.projection),
    })),
    // The stream processor reads the same stream locally as on AWS.
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
  };
}

/** An index's projection as CreateTable names it. */
function projectionOf(projection: IndexProjection): Projection {
  if (projection.type === 'KEYS_ONLY') return { ProjectionType: 'KEYS_ONLY' };
  return { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection.attributes] };
}

/** Every key attribute of the table and its indexes, once each. */
function keyAttributeDefinitions(): AttributeDefinition[] {
  const byName = new Map<string, AttributeDefinition>();
  const keys = [AUDIT_TABLE.partitionKey, AUDIT_TABLE.sortKey, ...AUDIT_TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  for (const key of keys) byName.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  return [...byName.values()];
}

/** Creates the audit table unless it exists (a restart reuses its data), then turns TTL on. */
export async function ensureAuditTable(client: DynamoDBClient, tableName: string): Promise<{ created: boolean }> {
  const created = !(await tableExists(client, tableName)) && (await createTable(client, tableName));
  await waitUntilActive(client, tableName);
  await enableTimeToLive(client, tableName);
  return { created };
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/** True if this call created it; false if another caller won the race. */
async function createTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new CreateTableCommand(auditTableDefinition(tableName)));
    return true;
  } catch (error) {
    if (error instanceof ResourceInUseException) return false;
    throw error;
  }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  // DynamoDB Local usually reports ACTIVE at once; the loop is for the rare CREATING.
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  // Enabling twice is an error in DynamoDB, so only ask when it is off.
  if (TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED') return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: AUDIT_TABLE.timeToLiveAttribute },
    }),
  );
}
