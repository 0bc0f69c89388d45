import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { createKmsSigner } from '../adapters/kms/kms-signer';
import { S3BlockArchive } from '../adapters/s3/s3-archive';
import { S3CheckpointLog, S3TrustedKeys } from '../adapters/s3/s3-checkpoints';
import { S3DeleteMarkers } from '../adapters/s3/s3-delete-markers';
import { parseTrustedKeys, type TrustedKey } from '../core/integrity/trusted-keys';
import type { EnvironmentOf } from './environment';
import { archiveRetentionDays } from '../core/integrity/archive-codec';
import type { ARCHIVE_ENVIRONMENT, ARCHIVE_LOCK_ENVIRONMENT, SEALER_TIMING_ENVIRONMENT } from './function-environments';
import { sealerConfigOf, type IntegrityAdapters } from './integrity-services';

/**
 * Grace on AWS: the ingest function's 10 s timeout (the latest an event stamped in an
 * interval can still be written) plus the byIngest index's propagation, with margin.
 * The sealer runs at each minute's start and waits out the grace (AWS_SEAL_WAIT_SECONDS),
 * so an event's worst case to its signed checkpoint is 60 + 20 s plus the run (docs/performance.md).
 */
export const AWS_SEAL_GRACE_SECONDS = 20;

/** How long a run may wait for the minute that just closed to pass its grace: the grace plus schedule jitter. */
export const AWS_SEAL_WAIT_SECONDS = 30;

/** The integrity variables an entry has read (readEnvironment): archive, keys, sealer timing, and (the sealer) lock years. */
export type AwsIntegrityEnvironment = EnvironmentOf<
  typeof ARCHIVE_ENVIRONMENT & typeof SEALER_TIMING_ENVIRONMENT & typeof ARCHIVE_LOCK_ENVIRONMENT
>;

/** The SDK clients the integrity adapters call, built (and traced) by the entry. */
export interface AwsIntegrityClients {
  readonly s3: S3Client;
  readonly kms: KMSClient;
}

/** The AWS integrity adapters of a Lambda: S3 Object Lock archive, KMS signer, sealer timing. */
export function awsIntegrityAdapters(env: AwsIntegrityEnvironment, clients: AwsIntegrityClients): IntegrityAdapters {
  // Parsed at cold start: a malformed pinned file fails the start, not every verification.
  const pinned = env.TRUSTED_KEYS === undefined ? undefined : parseTrustedKeys(env.TRUSTED_KEYS);
  return {
    archive: new S3BlockArchive(clients.s3, {
      bucket: env.ARCHIVE_BUCKET,
      kmsKeyArn: env.ARCHIVE_KEY_ARN,
      archiveRetentionDays: archiveRetentionDays(env.ARCHIVE_RETENTION_YEARS),
    }),
    signer: createKmsSigner(clients.kms, env.SIGNING_KEY_ARN),
    sealer: { ...sealerConfigOf(env, AWS_SEAL_GRACE_SECONDS), waitForDueSeconds: AWS_SEAL_WAIT_SECONDS },
    archiveDeletions: new S3DeleteMarkers(clients.s3, env.ARCHIVE_BUCKET),
    ...(env.CHECKPOINT_BUCKET ? { checkpoints: new S3CheckpointLog(clients.s3, env.CHECKPOINT_BUCKET) } : {}),
    ...(pinned ? { trustedKeys: async () => pinned } : publishedKeys(env, clients)),
  };
}

/** Without a pinned copy, the keys the sealer published beside the checkpoints (none published: the signer's key). */
function publishedKeys(
  env: AwsIntegrityEnvironment,
  clients: AwsIntegrityClients,
): { trustedKeys?: () => Promise<TrustedKey[] | undefined> } {
  if (!env.CHECKPOINT_BUCKET) return {};
  const store = new S3TrustedKeys(clients.s3, env.CHECKPOINT_BUCKET);
  const trustedKeys = async () => {
    const text = await store.read();
    return text === undefined ? undefined : parseTrustedKeys(text);
  };
  return { trustedKeys };
}
