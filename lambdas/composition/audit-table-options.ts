import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The audit table, on DynamoDB or DynamoDB Local: the same shape everywhere, only the client differs. */
export interface AuditTableOptions {
  /** A client from `documentClientFor`, so items are marshalled identically on AWS and locally. */
  readonly documentClient: DynamoDBDocumentClient;
  /** The table's name (TABLE_NAME on AWS). */
  readonly tableName: string;
  /** How long an event stays in the table (HOT_WINDOW_SECONDS). @default core/hot-window.ts's DEFAULT_HOT_WINDOW_DAYS */
  readonly hotWindowSeconds?: number;
}

/** The table's part of a function's environment (TABLE_ENVIRONMENT), as options. */
export function tableOptionsFrom(env: { readonly TABLE_NAME: string; readonly HOT_WINDOW_SECONDS?: number }): Omit<AuditTableOptions, 'documentClient'> {
  return { tableName: env.TABLE_NAME, ...(env.HOT_WINDOW_SECONDS === undefined ? {} : { hotWindowSeconds: env.HOT_WINDOW_SECONDS }) };
}

/** Only the table's options of a larger options object, to hand on to another builder. */
export function tableOptionsOf(options: AuditTableOptions): AuditTableOptions {
  const { documentClient, tableName, hotWindowSeconds } = options;
  return { documentClient, tableName, ...(hotWindowSeconds === undefined ? {} : { hotWindowSeconds }) };
}
