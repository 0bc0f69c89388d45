import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { boundedClientConfig, documentClientFor } from '../../adapters/dynamodb/document-client';
import { tracer } from './observability';

/** The Lambda's document client over a traced DynamoDB client: every call is an X-Ray subsegment. */
export function tracedDocumentClient(): DynamoDBDocumentClient {
  return documentClientFor(tracer.captureAWSv3Client(new DynamoDBClient(boundedClientConfig())));
}
