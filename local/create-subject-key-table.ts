/**
 * Creates the subject key store's table in DynamoDB Local from the shared definition in
 * lambdas/adapters/dynamodb/subject-key-table-schema.ts (the CDK construct reads the same).
 * What DynamoDB Local cannot do (its own KMS key, PITR, deletion protection) is the
 * construct's business.
 */
import { CreateTableCommand, ResourceInUseException, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SUBJECT_KEY_TABLE } from '../lambdas/adapters/dynamodb/subject-key-table-schema';

/** The CreateTable request for the key store, as far as DynamoDB Local supports it. */
export function subjectKeyTableDefinition(tableName: string): CreateTableCommandInput {
  const keys = [SUBJECT_KEY_TABLE.partitionKey, ...SUBJECT_KEY_TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keys.map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
    KeySchema: [{ AttributeName: SUBJECT_KEY_TABLE.partitionKey.name, KeyType: 'HASH' }],
    GlobalSecondaryIndexes: SUBJECT_KEY_TABLE.indexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/** Creates the key store table unless it exists (a restart reuses its keys). */
export async function ensureSubjectKeyTable(client: DynamoDBClient, tableName: string): Promise<{ created: boolean }> {
  try {
    await client.send(new CreateTableCommand(subjectKeyTableDefinition(tableName)));
    return { created: true };
  } catch (error) {
    if (error instanceof ResourceInUseException) return { created: false };
    throw error;
  }
}
