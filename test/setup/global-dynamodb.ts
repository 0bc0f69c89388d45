/**
 * Vitest global setup: one in-memory DynamoDB Local for the whole test run, started before
 * any worker and stopped after the last. Tests read its endpoint with
 * `inject('dynamodbEndpoint')` and make their own uniquely named tables (test/setup/table.ts),
 * so test files never share state even though they share the server.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local endpoint for this test run, e.g. `http://127.0.0.1:41234`. */
    dynamodbEndpoint: string;
  }
}

/** Starts DynamoDB Local and returns the teardown that stops it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamodb = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  return () => dynamodb.stop();
}
