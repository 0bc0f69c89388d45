/**
 * Gives an integration test its own audit table in the shared DynamoDB Local, created by
 * the same function `npm start` uses, so tests exercise the real schema and indexes.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLocalClients } from '../../local/clients';
import { ensureAuditTable } from '../../local/create-table';

/** A fresh, empty audit table and clients pointed at it. */
export interface TestTable {
  readonly tableName: string;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  readonly endpoint: string;
}

/** The endpoint of the run's DynamoDB Local (started by test/setup/global-dynamodb.js). */
export function dynamodbEndpoint(): string {
  const endpoint = process.env.DYNAMODB_TEST_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_TEST_ENDPOINT is not set: run the tests with `npm test`');
  return endpoint;
}

/** Creates a uniquely named audit table; tables are dropped with the in-memory database. */
export async function createTestTable(prefix = 'audit-test'): Promise<TestTable> {
  const endpoint = dynamodbEndpoint();
  const { client, documentClient } = createLocalClients(endpoint);
  const tableName = `${prefix}-${randomUUID()}`;
  await ensureAuditTable(client, tableName);
  return { tableName, client, documentClient, endpoint };
}
