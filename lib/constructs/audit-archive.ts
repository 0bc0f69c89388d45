/**
 * The write-once archive of sealed blocks and their events, the system of record for the
 * whole retention: S3 with Object Lock in COMPLIANCE mode (nobody, not even the account
 * root, can delete or overwrite an object before its retention ends), each object locked
 * for its own retention class and expired by lifecycle after it, versioning, SSE-KMS, TLS
 * only, no public access, and server access logs in a separate bucket.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { RECORDS_RETENTION_DAYS, RETENTION_CLASSES, RETENTION_DAYS } from '../../lambdas/core/catalogue';
import { archiveRetentionDays, LOCK_MARGIN_DAYS, partitionKeptDays } from '../../lambdas/core/integrity/archive-codec';
import { acknowledgeRule, acknowledgeWildcardResource, principalConstruct } from '../compliance/acknowledge';

/** Props of {@link AuditArchive}. */
export interface AuditArchiveProps {
  /** Key that encrypts archived objects. */
  readonly encryptionKey: kms.IKey;
  /**
   * How long block files and the records classes' partitions are kept, in years (config
   * `archiveRetentionYears`, at least the records retention): their lifecycle age.
   */
  readonly retentionYears: number;
}

/**
 * Prefixes the sealer writes: `blocks/<seq>.json` and the event partitions
 * `events/retention=<class>/day=<YYYY-MM-DD>/<seq>.ndjson.gz`.
 */
const PREFIXES = ['blocks/*', 'events/*'] as const;

/** The archive bucket and its access-log bucket. */
export class AuditArchive extends Construct {
  /** The Object Lock bucket. */
  public readonly bucket: s3.Bucket;
  /** Where S3 server access logs of the archive go. */
  public readonly accessLogs: s3.Bucket;
  private readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: AuditArchiveProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionYears) || props.retentionYears < 1 || props.retentionYears > 100) {
      throw new Error('AuditArchive: retentionYears must be an integer from 1 to 100');
    }
    this.encryptionKey = props.encryptionKey;
    // Log delivery by bucket policy, not ACL, whatever the app's flags: the access-log bucket disables ACLs.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    this.accessLogs = accessLogBucket(this);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      objectLockEnabled: true,
      // Every put sets its own lock (s3-archive.ts); the default only covers an object put
      // without one, and is the shortest class's so it never outlives an expiry rule.
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(shortestKeptDays())),
      lifecycleRules: lifecycleRules(props.retentionYears),
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'archive/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    denyDeletes(this.bucket);
    acknowledgeRule(
      this.bucket,
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'Object Lock COMPLIANCE already makes every object undeletable for its retention; the table (PITR, AWS Backup) is the second copy. Cross-region replication is a per-deployment choice.',
    );
  }

  /**
   * Put (with its own Object Lock retention) and read-back of archive objects: the sealer
   * resumes a crashed run from what it archived, finding a block's partitions by listing
   * `events/` when its block file was never written.
   */
  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    this.encryptionKey.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [this.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': ['events/*'] } },
    });
    return this.grantOnObjects(
      grantee,
      ['s3:PutObject', 's3:PutObjectRetention', 's3:GetObject'],
      'Put (with a COMPLIANCE retention) and get of archive objects under the two archive prefixes of this one bucket; Object Lock forbids replacing any, and COMPLIANCE retention can only be extended.',
    );
  }

  /** Reads of archive objects and the block listing (verifiers and proofs). */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    this.encryptionKey.grant(grantee, 'kms:Decrypt');
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket'], resourceArns: [this.bucket.bucketArn] });
    return this.grantOnObjects(
      grantee,
      ['s3:GetObject'],
      'Read-only access to the archive objects of this one bucket, under its two prefixes.',
    );
  }

  private grantOnObjects(grantee: iam.IGrantable, actions: string[], reason: string): iam.Grant {
    const resourceArns = PREFIXES.map((prefix) => this.bucket.arnForObjects(prefix));
    for (const arn of resourceArns) acknowledgeWildcardResource(principalConstruct(grantee), arn, reason);
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns });
  }
}

/**
 * Whole years as days, counting the leap days a span of that many years can hold (7 years:
 * 2557, as RECORDS_RETENTION_DAYS), so the lock never ends a day or two before the period.
 */
export function retentionDays(years: number): number {
  return 365 * years + Math.ceil(years / 4);
}

/** The shortest time any partition is kept: the bucket's default lock. */
function shortestKeptDays(): number {
  return Math.min(...RETENTION_CLASSES.map(partitionKeptDays));
}

/**
 * Expiry per prefix: each class's partitions after its retention plus the margin (the
 * records classes and block files after `retentionYears`, never less). Lifecycle removes a
 * version only once its lock has ended, and is not subject to the bucket policy below.
 */
function lifecycleRules(retentionYears: number): s3.LifecycleRule[] {
  // The same days the sealer locks these objects for (archive-codec.ts), plus the margin.
  const recordsDays = archiveRetentionDays(retentionYears) + LOCK_MARGIN_DAYS;
  const rule = (id: string, prefix: string, days: number): s3.LifecycleRule => ({
    id,
    prefix,
    expiration: Duration.days(days),
    // Expiring a current version leaves it noncurrent behind a delete marker; remove it the day after.
    noncurrentVersionExpiration: Duration.days(1),
  });
  return [
    ...RETENTION_CLASSES.map((c) =>
      rule(
        `expire-${c}-events`,
        `events/retention=${c}/`,
        RETENTION_DAYS[c] >= RECORDS_RETENTION_DAYS ? recordsDays : partitionKeptDays(c),
      ),
    ),
    rule('expire-blocks', 'blocks/', recordsDays),
  ];
}

/**
 * Object Lock already refuses deleting a locked version; this also refuses delete markers and
 * deletes after the retention ends, to every principal: removing archive data takes a
 * visible change of this policy first.
 */
function denyDeletes(bucket: s3.Bucket): void {
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyDeletingArchiveObjects',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      resources: [bucket.arnForObjects('*')],
    }),
  );
}

/**
 * The access-log bucket: SSE-S3 because S3 server access logging cannot write SSE-KMS
 * targets; ACLs disabled, the logging service allowed by bucket policy (the
 * `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy` flag, set in cdk.json and on AuditArchive).
 */
function accessLogBucket(scope: Construct): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const reasons: Record<string, string> = {
    'AwsSolutions-S1': 'This is the access-log bucket itself; logging its own accesses would loop.',
    'NIST.800.53.R5-S3BucketLoggingEnabled':
      'This is the access-log bucket itself; logging its own accesses would loop.',
    'NIST.800.53.R5-S3DefaultEncryptionKMS':
      'S3 server access logging only delivers to SSE-S3 buckets; the logs hold request metadata, not audit content.',
    'NIST.800.53.R5-S3BucketReplicationEnabled':
      'Access logs are operational evidence, kept in-region; the audit content is in the Object Lock archive.',
  };
  for (const [rule, reason] of Object.entries(reasons)) acknowledgeRule(bucket, rule, reason);
  return bucket;
}
