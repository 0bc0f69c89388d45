/**
 * AWS SDK clients for the local runtime and tests, pointed at DynamoDB Local. Credentials
 * and region are static dummies: DynamoDB Local runs with -sharedDb, so they never pick a
 * database, and a developer's real AWS credentials are never read or sent anywhere.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { boundedClientConfig, documentClientFor } from '../lambdas/adapters/dynamodb/document-client';

/** Region every local client claims; DynamoDB Local ignores it under -sharedDb. */
export const LOCAL_REGION = 'us-east-1';

/** Dummy credentials (DynamoDB Local only accepts letters and digits in the key id). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** A low-level client and a document client sharing one connection pool. */
export interface LocalDynamoDbClients {
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
}

/** Builds the clients for a DynamoDB Local endpoint such as `http://127.0.0.1:8000`. */
export function createLocalClients(endpoint: string, maxAttempts?: number): LocalDynamoDbClients {
  const client = new DynamoDBClient(boundedClientConfig({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
  }));
  // The same document-client options as on AWS, so items are marshalled identically.
  return { client, documentClient: documentClientFor(client) };
}
