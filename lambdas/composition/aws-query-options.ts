import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import type { QueryOptions } from './query-services';
import { requiredEnv } from '../adapters/dynamodb/document-client';
import { kmsCursorKey } from '../adapters/kms/cursor-keys';
import { S3ExportSink } from '../adapters/s3/s3-export-sink';

/**
 * The read side's AWS adapters, from the query Lambda's environment: CURSOR_KEY_ID (a KMS
 * HMAC_256 key), EXPORT_BUCKET and EXPORT_KEY_ID (the KMS key exports are encrypted with).
 * Called once, by the Lambda entry's composition root.
 */
export function awsQueryOptions(): QueryOptions {
  return {
    cursorKey: kmsCursorKey(new KMSClient({}), requiredEnv('CURSOR_KEY_ID')),
    exportSink: new S3ExportSink(new S3Client({}), requiredEnv('EXPORT_BUCKET'), requiredEnv('EXPORT_KEY_ID')),
  };
}
