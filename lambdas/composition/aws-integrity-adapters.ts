import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { requiredEnv } from '../adapters/dynamodb/document-client';
import { sealerConfigFromEnv, type IntegrityAdapters } from './integrity-services';
import { createKmsSigner } from '../adapters/kms/kms-signer';
import { S3BlockArchive } from '../adapters/s3/s3-archive';

/**
 * Grace on AWS: the ingest function's 10 s timeout (the latest an event stamped in an
 * interval can still be written) plus the byIngest index's propagation, with margin.
 */
export const AWS_SEAL_GRACE_SECONDS = 30;

/**
 * The AWS integrity adapters of a Lambda, from the environment the CDK sets:
 * ARCHIVE_BUCKET, ARCHIVE_KEY_ARN, SIGNING_KEY_ARN, and optionally BLOCK_SECONDS,
 * SEAL_GRACE_SECONDS, MAX_BLOCKS_PER_RUN.
 */
export function awsIntegrityAdapters(env: NodeJS.ProcessEnv = process.env): IntegrityAdapters {
  return {
    archive: new S3BlockArchive(new S3Client({}), {
      bucket: requiredEnv('ARCHIVE_BUCKET'),
      kmsKeyArn: requiredEnv('ARCHIVE_KEY_ARN'),
    }),
    signer: createKmsSigner(new KMSClient({}), requiredEnv('SIGNING_KEY_ARN')),
    sealer: sealerConfigFromEnv(env, AWS_SEAL_GRACE_SECONDS),
  };
}
