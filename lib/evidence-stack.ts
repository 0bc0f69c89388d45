/**
 * The evidence account's stack: one bucket that receives, by S3 replication, every
 * checkpoint the audit trail publishes, and keeps each under Object Lock in COMPLIANCE mode.
 * It lives in an account the trail's operators do not administer, so nobody who runs the
 * trail can remove a checkpoint once published. Synthesise with
 * `-c evidenceStack=true -c sourceAccount=<trail account>` and deploy with that account's
 * credentials; then deploy the trail with `-c evidenceAccount=… -c evidenceBucket=…`.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { RECORDS_RETENTION_YEARS } from '../lambdas/core/catalogue';
import { acknowledgeRule } from './compliance/acknowledge';
import { retentionDays } from './constructs/audit-archive';

/** Props of {@link EvidenceStack}. */
export interface EvidenceStackProps extends StackProps {
  /** The account running the audit trail, whose replication this bucket accepts. */
  readonly sourceAccount: string;
  /** Object Lock COMPLIANCE retention, in years. @default RECORDS_RETENTION_YEARS */
  readonly retentionYears?: number;
}

/** The evidence bucket and what may write to it. */
export class EvidenceStack extends Stack {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: EvidenceStackProps) {
    super(scope, id, props);
    if (!/^\d{12}$/.test(props.sourceAccount)) throw new Error('EvidenceStack: sourceAccount must be 12 digits');
    const years = props.retentionYears ?? RECORDS_RETENTION_YEARS;
    // Log delivery by bucket policy, not ACL: the access-log bucket disables ACLs.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Checkpoints', {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(retentionDays(years))),
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'checkpoints/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acceptReplication(this.bucket, props.sourceAccount);
    acknowledgeEvidenceBuckets(this.bucket, accessLogs);
    new CfnOutput(this, 'EvidenceBucketName', { value: this.bucket.bucketName });
  }
}

/** The source account may replicate into the bucket (and hand object ownership over); nobody may delete. */
function acceptReplication(bucket: s3.Bucket, sourceAccount: string): void {
  const source = new iam.AccountPrincipal(sourceAccount);
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AcceptCheckpointReplication',
      principals: [source],
      actions: ['s3:ReplicateObject', 's3:ObjectOwnerOverrideToBucketOwner'],
      resources: [bucket.arnForObjects('*')],
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AcceptReplicationSetup',
      principals: [source],
      actions: ['s3:GetBucketVersioning', 's3:PutBucketVersioning'],
      resources: [bucket.bucketArn],
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyDeletingCheckpoints',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      resources: [bucket.arnForObjects('*')],
    }),
  );
}

function acknowledgeEvidenceBuckets(bucket: s3.Bucket, accessLogs: s3.Bucket): void {
  const sse =
    'Checkpoints are public statements (a tree size, a root hash, a signature); SSE-S3 receives replicas without a key shared across accounts.';
  acknowledgeRule(bucket, 'NIST.800.53.R5-S3DefaultEncryptionKMS', sse);
  acknowledgeRule(
    accessLogs,
    'NIST.800.53.R5-S3DefaultEncryptionKMS',
    'S3 server access logging cannot write to SSE-KMS buckets.',
  );
  acknowledgeRule(
    bucket,
    'NIST.800.53.R5-S3BucketReplicationEnabled',
    "This bucket is the replica: the copy outside the trail's account.",
  );
  acknowledgeRule(
    accessLogs,
    'NIST.800.53.R5-S3BucketReplicationEnabled',
    'Access logs of the evidence bucket; Object Lock on the bucket itself protects the evidence.',
  );
  acknowledgeRule(accessLogs, 'AwsSolutions-S1', 'This is the access-log bucket; logging it to itself would loop.');
  acknowledgeRule(
    accessLogs,
    'NIST.800.53.R5-S3BucketLoggingEnabled',
    'This is the access-log bucket; logging it to itself would loop.',
  );
}
