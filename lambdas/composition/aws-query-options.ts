import type { AthenaClient } from '@aws-sdk/client-athena';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { AthenaArchiveReader } from '../adapters/athena/athena-archive-reader';
import { kmsBlindIndexKey } from '../adapters/kms/kms-blind-index-key';
import { kmsCursorKey } from '../adapters/kms/kms-cursor-key';
import { S3ExportSink } from '../adapters/s3/s3-export-sink';
import { DEFAULT_HOT_WINDOW_DAYS, hotWindowSecondsOf } from '../core/hot-window';
import type { ArchiveTier } from '../core/query/tiered-plan';
import type { EnvironmentOf } from './environment';
import type {
  ARCHIVE_QUERY_ENVIRONMENT, AUDITOR_ACCESS_ENVIRONMENT, BLIND_INDEX_ENVIRONMENT, TABLE_ENVIRONMENT,
} from './function-environments';
import type { QueryOptions } from './query-services';

/** The SDK clients the read side's adapters call, built (and traced) by the entry. */
export interface AwsQueryClients {
  readonly kms: KMSClient;
  readonly s3: S3Client;
  readonly athena: AthenaClient;
}

type AwsQueryEnvironment = EnvironmentOf<
  typeof AUDITOR_ACCESS_ENVIRONMENT & typeof BLIND_INDEX_ENVIRONMENT & typeof ARCHIVE_QUERY_ENVIRONMENT & typeof TABLE_ENVIRONMENT
>;

/**
 * The read side's AWS adapters: search cursors signed with the KMS HMAC_256 key
 * (CURSOR_KEY_ID), large exports to EXPORT_BUCKET encrypted under EXPORT_KEY_ID, the
 * blind-index secret ingest seals with, derived from BLIND_INDEX_KEY_ARN, for search by ip,
 * and periods past the hot window read with Athena (ARCHIVE_QUERY_*). Called once, by the
 * query Lambda's entry.
 */
export function awsQueryOptions(env: AwsQueryEnvironment, clients: AwsQueryClients): QueryOptions {
  return {
    cursorKey: kmsCursorKey(clients.kms, env.CURSOR_KEY_ID),
    blindIndexKey: kmsBlindIndexKey(clients.kms, env.BLIND_INDEX_KEY_ARN),
    exportSink: new S3ExportSink(clients.s3, env.EXPORT_BUCKET, env.EXPORT_KEY_ID),
    archive: athenaArchiveTier(env, clients.athena),
  };
}

/** The archive tier on AWS: Athena in the stack's workgroup, past the table's hot window. */
export function athenaArchiveTier(
  env: EnvironmentOf<typeof ARCHIVE_QUERY_ENVIRONMENT & typeof TABLE_ENVIRONMENT>,
  athena: AthenaClient,
): ArchiveTier {
  return {
    reader: new AthenaArchiveReader(athena, {
      workGroup: env.ARCHIVE_QUERY_WORKGROUP,
      database: env.ARCHIVE_QUERY_DATABASE,
      table: env.ARCHIVE_QUERY_TABLE,
    }),
    hotWindowSeconds: env.HOT_WINDOW_SECONDS ?? hotWindowSecondsOf(DEFAULT_HOT_WINDOW_DAYS),
  };
}
