import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { kmsBlindIndexKey } from '../adapters/kms/kms-blind-index-key';
import { kmsCursorKey } from '../adapters/kms/kms-cursor-key';
import { S3ExportSink } from '../adapters/s3/s3-export-sink';
import type { EnvironmentOf } from './environment';
import type { AUDITOR_ACCESS_ENVIRONMENT, BLIND_INDEX_ENVIRONMENT } from './function-environments';
import type { QueryOptions } from './query-services';

/** The SDK clients the read side's adapters call, built (and traced) by the entry. */
export interface AwsQueryClients {
  readonly kms: KMSClient;
  readonly s3: S3Client;
}

/**
 * The read side's AWS adapters: search cursors signed with the KMS HMAC_256 key
 * (CURSOR_KEY_ID), large exports to EXPORT_BUCKET encrypted under EXPORT_KEY_ID, and the
 * blind-index secret ingest seals with, derived from BLIND_INDEX_KEY_ARN, for search by ip.
 * Called once, by the query Lambda's entry.
 */
export function awsQueryOptions(
  env: EnvironmentOf<typeof AUDITOR_ACCESS_ENVIRONMENT & typeof BLIND_INDEX_ENVIRONMENT>,
  clients: AwsQueryClients,
): QueryOptions {
  return {
    cursorKey: kmsCursorKey(clients.kms, env.CURSOR_KEY_ID),
    blindIndexKey: kmsBlindIndexKey(clients.kms, env.BLIND_INDEX_KEY_ARN),
    exportSink: new S3ExportSink(clients.s3, env.EXPORT_BUCKET, env.EXPORT_KEY_ID),
  };
}
