import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { createKmsSigner } from '../adapters/kms/kms-signer';
import { S3BlockArchive } from '../adapters/s3/s3-archive';
import type { EnvironmentOf } from './environment';
import type { ARCHIVE_ENVIRONMENT, SEALER_TIMING_ENVIRONMENT } from './function-environments';
import { sealerConfigOf, type IntegrityAdapters } from './integrity-services';

/**
 * Grace on AWS: the ingest function's 10 s timeout (the latest an event stamped in an
 * interval can still be written) plus the byIngest index's propagation, with margin.
 */
export const AWS_SEAL_GRACE_SECONDS = 30;

/** The integrity variables an entry has read (readEnvironment): archive, keys and sealer timing. */
export type AwsIntegrityEnvironment = EnvironmentOf<typeof ARCHIVE_ENVIRONMENT & typeof SEALER_TIMING_ENVIRONMENT>;

/** The SDK clients the integrity adapters call, built (and traced) by the entry. */
export interface AwsIntegrityClients {
  readonly s3: S3Client;
  readonly kms: KMSClient;
}

/** The AWS integrity adapters of a Lambda: S3 Object Lock archive, KMS signer, sealer timing. */
export function awsIntegrityAdapters(env: AwsIntegrityEnvironment, clients: AwsIntegrityClients): IntegrityAdapters {
  return {
    archive: new S3BlockArchive(clients.s3, { bucket: env.ARCHIVE_BUCKET, kmsKeyArn: env.ARCHIVE_KEY_ARN }),
    signer: createKmsSigner(clients.kms, env.SIGNING_KEY_ARN),
    sealer: sealerConfigOf(env, AWS_SEAL_GRACE_SECONDS),
  };
}
