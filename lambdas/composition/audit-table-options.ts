import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The audit table, on DynamoDB or DynamoDB Local: the same shape everywhere, only the client differs. */
export interface AuditTableOptions {
  /** A client from `documentClientFor`, so items are marshalled identically on AWS and locally. */
  readonly documentClient: DynamoDBDocumentClient;
  /** The table's name (TABLE_NAME on AWS). */
  readonly tableName: string;
}
