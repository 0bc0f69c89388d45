/**
 * Jest global setup: one in-memory DynamoDB Local for the whole test run, started before
 * any worker and stopped by global-dynamodb-teardown.js after the last. Workers inherit
 * its endpoint as DYNAMODB_TEST_ENDPOINT; tests make their own uniquely named tables
 * (test/setup/table.ts), so test files never share state even though they share the server.
 * Global setup runs outside Jest's module system, so the TypeScript launcher is loaded
 * through tsx — the same code `npm start` uses.
 */
import { tsImport } from 'tsx/esm/api';

export default async function setup() {
  const { startDynamoDbLocal } = await tsImport('../../local/dynamodb-local.ts', import.meta.url);
  const dynamodb = await startDynamoDbLocal();
  process.env.DYNAMODB_TEST_ENDPOINT = dynamodb.endpoint;
  globalThis.__dynamodbLocal = dynamodb;
}
