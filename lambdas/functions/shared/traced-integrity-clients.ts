import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsIntegrityClients } from '../../composition/aws-integrity-adapters';
import { tracer } from './observability';

/**
 * The traced S3 and KMS clients of the functions that seal, prove or verify. A module of
 * its own so that functions without them (ingest) never load those SDK packages.
 */
export function tracedIntegrityClients(): AwsIntegrityClients {
  return { s3: tracer.captureAWSv3Client(new S3Client({})), kms: tracer.captureAWSv3Client(new KMSClient({})) };
}
