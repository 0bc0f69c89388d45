/**
 * Where signed checkpoints are published: a versioned S3 bucket with Object Lock in
 * COMPLIANCE mode, so every note the sealer published (`checkpoints/<size>.txt`, and each
 * version of `checkpoints/latest`) stays retrievable for the retention period. The daily
 * verifier keeps its memory under `verified/`, which only its role may write.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRule, acknowledgeWildcardResource, principalConstruct } from '../compliance/acknowledge';
import { retentionDays } from './audit-archive';

/** The evidence account's bucket (lib/evidence-stack.ts) every published note is replicated to. */
export interface EvidenceDestination {
  /** The evidence account (12 digits), separate from the one running the trail. */
  readonly account: string;
  /** The bucket EvidenceStack created there. */
  readonly bucketName: string;
}

/** Props of {@link CheckpointPublishing}. */
export interface CheckpointPublishingProps {
  /** Object Lock COMPLIANCE retention of every note version, in years. */
  readonly retentionYears: number;
  /** Where S3 server access logs go (the archive's access-log bucket). */
  readonly accessLogs: s3.IBucket;
  /** Replicate every note to this bucket in an evidence account. @default not replicated */
  readonly evidence?: EvidenceDestination;
}

/** The checkpoint bucket and its scoped grants. */
export class CheckpointPublishing extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: CheckpointPublishingProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(retentionDays(props.retentionYears))),
      versioned: true,
      // Notes are public statements (a size and a root), and SSE-S3 replicates across accounts without a shared key.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'checkpoints/',
      removalPolicy: RemovalPolicy.RETAIN,
      ...(props.evidence ? { replicationRules: [evidenceRule(this, props.evidence)] } : {}),
    });
    acknowledgeRule(
      this.bucket,
      'NIST.800.53.R5-S3DefaultEncryptionKMS',
      'Checkpoints hold only a tree size, a root hash and a signature, meant to be handed out; SSE-S3 lets them replicate to the evidence account without sharing a key.',
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyDeletingCheckpoints',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    if (props.evidence) acknowledgeReplicationRole(this.bucket, props.evidence);
    if (!props.evidence)
      acknowledgeRule(
        this.bucket,
        'NIST.800.53.R5-S3BucketReplicationEnabled',
        "Object Lock COMPLIANCE keeps every published note for its retention; copies outside the account are the auditors' kept checkpoints. Set evidenceAccount and evidenceBucket to replicate to an evidence account (docs/integrity.md).",
      );
  }

  /** The sealer: put and read back notes under `checkpoints/`. */
  public grantPublish(grantee: iam.IGrantable): iam.Grant {
    return this.grantOn(
      grantee,
      'checkpoints/*',
      ['s3:PutObject', 's3:GetObject'],
      'The sealer writes notes only under checkpoints/ of this one bucket; Object Lock keeps every version.',
    );
  }

  /** Readers (query function, verifier): notes under `checkpoints/`. */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grantOn(
      grantee,
      'checkpoints/*',
      ['s3:GetObject'],
      'Read-only access to the published notes of this one bucket.',
    );
  }

  /** The daily verifier: its memory under `verified/`, which the sealer cannot write. */
  public grantRemember(grantee: iam.IGrantable): iam.Grant {
    return this.grantOn(
      grantee,
      'verified/*',
      ['s3:PutObject', 's3:GetObject'],
      'The verifier keeps the last checkpoint it verified under verified/ of this one bucket.',
    );
  }

  private grantOn(grantee: iam.IGrantable, prefix: string, actions: string[], reason: string): iam.Grant {
    const arn = this.bucket.arnForObjects(prefix);
    acknowledgeWildcardResource(principalConstruct(grantee), arn, reason);
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [arn] });
  }
}

/** Every note, new versions included, to the evidence account's bucket, owned there by that account. */
function evidenceRule(scope: Construct, evidence: EvidenceDestination): s3.ReplicationRule {
  if (!/^\d{12}$/.test(evidence.account)) throw new Error('CheckpointPublishing: evidence.account must be 12 digits');
  const destination = s3.Bucket.fromBucketAttributes(scope, 'EvidenceBucket', {
    bucketName: evidence.bucketName,
    account: evidence.account,
  });
  return { destination, accessControlTransition: true, priority: 0, deleteMarkerReplication: false };
}

/** The replication role CDK creates: object-level wildcards of exactly the two buckets, its own inline policy. */
function acknowledgeReplicationRole(bucket: s3.Bucket, evidence: EvidenceDestination): void {
  const role = bucket.node.findChild('ReplicationRole');
  const reason =
    'S3 replication reads every object version of the checkpoint bucket and writes replicas to the one evidence bucket.';
  acknowledgeWildcardResource(role, bucket.arnForObjects('*'), reason);
  acknowledgeWildcardResource(role, `arn:aws:s3:::${evidence.bucketName}/*`, reason);
  acknowledgeRule(
    role,
    'NIST.800.53.R5-IAMNoInlinePolicy',
    'The replication role is made by CDK for this one bucket, its policy scoped to the two buckets.',
  );
}
