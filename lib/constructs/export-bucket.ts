/**
 * Where large auditor exports go: SSE-KMS, TLS only, no public access, server
 * access logs, and a lifecycle that deletes `exports/` after a day, so exports never become
 * a second, unprotected archive. Objects are fetched through short-lived presigned URLs.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRule, acknowledgeWildcardResource, principalConstruct } from '../compliance/acknowledge';

/** Props of {@link ExportBucket}. */
export interface ExportBucketProps {
  /** Key that encrypts exported objects (their writer names it per object, too). */
  readonly encryptionKey: kms.IKey;
  /** Bucket receiving this bucket's S3 server access logs, under `exports/`. */
  readonly accessLogs: s3.IBucket;
  /** Days an export is kept. @default 1 */
  readonly expiryDays?: number;
}

/** The prefix the export sink writes under (lambdas/adapters/s3/s3-export-sink.ts). */
export const EXPORT_PREFIX = 'exports/';

/** A short-lived, encrypted export bucket. */
export class ExportBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.Bucket;
  private readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: ExportBucketProps) {
    super(scope, id);
    const days = props.expiryDays ?? 1;
    if (!Number.isInteger(days) || days < 1 || days > 30) {
      throw new Error('ExportBucket: expiryDays must be an integer from 1 to 30');
    }
    this.encryptionKey = props.encryptionKey;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...privateKmsBucketProps(props.encryptionKey, props.accessLogs, EXPORT_PREFIX),
      lifecycleRules: [
        {
          id: 'ExpireExports',
          prefix: EXPORT_PREFIX,
          expiration: Duration.days(days),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Only copies of data the table and the archive keep; the lifecycle empties it.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledgeRule(
      this.bucket,
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'Exports are temporary copies, deleted after a day, of events the table (PITR, AWS Backup) and the Object Lock archive keep; a replica would only be a second copy to leak.',
    );
  }

  /** Put and get of export objects (the writer presigns the GET it hands out) and the key use that needs. */
  public grantReadWriteExports(grantee: iam.IGrantable): iam.Grant {
    this.encryptionKey.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
    const objects = this.bucket.arnForObjects(`${EXPORT_PREFIX}*`);
    acknowledgeWildcardResource(
      principalConstruct(grantee),
      objects,
      'Export objects have a random, per-export key under exports/ of this one bucket; the writer cannot know them in advance.',
    );
    return iam.Grant.addToPrincipal({ grantee, actions: ['s3:PutObject', 's3:GetObject'], resourceArns: [objects] });
  }
}

/**
 * A private bucket of copies handed to people (exports, reports): SSE-KMS with a bucket key,
 * TLS only, versioned, no public access or ACLs, access logged under `logPrefix`.
 */
export function privateKmsBucketProps(key: kms.IKey, accessLogs: s3.IBucket, logPrefix: string): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    enforceSSL: true,
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: logPrefix,
  };
}
