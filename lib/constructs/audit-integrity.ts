/**
 * Tamper evidence: the block signing key, the Object Lock archive, the sealer
 * (every minute, one run at a time) and the verifier (daily), with least-privilege grants.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { renderEnvironment, type EnvironmentOf } from '../../lambdas/composition/environment';
import { FUNCTION_ENVIRONMENTS, INTEGRITY_READER_ENVIRONMENT } from '../../lambdas/composition/function-environments';
import { SERVICE_NAMES } from '../../lambdas/core/service-names';
import { AuditArchive } from './audit-archive';
import type { AuditTable } from './audit-table';
import { BlockSigningKey, grantOnSigningKeyArn } from './block-signing-key';
import { CheckpointMail } from './checkpoint-mail';
import { CheckpointPublishing, type EvidenceDestination } from './checkpoint-publishing';
import { addContractEnvironment } from './function-defaults';
import { ScheduledAuditFunction } from './scheduled-audit-function';

/** Props of {@link AuditIntegrity}. */
export interface AuditIntegrityProps {
  readonly table: AuditTable;
  /** Encrypts the archive and the functions' log groups. */
  readonly dataKey: kms.IKey;
  /** Object Lock COMPLIANCE retention of the archive, in years. */
  readonly archiveRetentionYears: number;
  readonly sealerEntry: string;
  readonly verifierEntry: string;
  readonly logRetention: logs.RetentionDays;
  /** When the verifier runs. @default daily at 02:30 UTC */
  readonly verifierSchedule?: events.Schedule;
  /** Blocks a sealer run seals at most, so one run fits its timeout. @default 200 */
  readonly maxBlocksPerRun?: number;
  /** The evidence account's bucket the published checkpoints replicate to. @default not replicated */
  readonly evidence?: EvidenceDestination;
  /** Trusted keys (JSON, validated) pinned into every verifier. @default only the signing key is trusted */
  readonly trustedKeys?: string;
  /**
   * A KMS ECC_NIST_P256 key the sealer signs with instead of the stack's own (rotation);
   * the stack's key stays, so blocks it signed stay verifiable. @default the stack's key
   */
  readonly signingKeyArn?: string;
  /** Auditors mailed the newest checkpoint after each daily verification. @default none */
  readonly auditorEmails?: readonly string[];
}

/** Signing key, archive, sealer and verifier. */
export class AuditIntegrity extends Construct {
  public readonly signingKey: BlockSigningKey;
  public readonly archive: AuditArchive;
  /** The bucket the sealer publishes a signed checkpoint to after every block. */
  public readonly checkpoints: CheckpointPublishing;
  public readonly sealer: ScheduledAuditFunction;
  public readonly verifier: ScheduledAuditFunction;
  /** What any function using the integrity adapters needs (lambdas/composition/aws-integrity-adapters.ts). */
  public readonly environment: EnvironmentOf<typeof INTEGRITY_READER_ENVIRONMENT>;
  /** The auditors' daily checkpoint mail, when auditorEmails are set. */
  public readonly checkpointMail?: CheckpointMail;
  /** The key the sealer signs with when it is not the stack's own. */
  private readonly configuredKeyArn?: string;

  constructor(scope: Construct, id: string, props: AuditIntegrityProps) {
    super(scope, id);
    const maxBlocksPerRun = props.maxBlocksPerRun ?? 200;
    if (!Number.isInteger(maxBlocksPerRun) || maxBlocksPerRun < 1)
      throw new Error('AuditIntegrity: maxBlocksPerRun must be a positive integer');
    this.signingKey = new BlockSigningKey(this, 'SigningKey');
    this.archive = new AuditArchive(this, 'Archive', {
      encryptionKey: props.dataKey,
      retentionYears: props.archiveRetentionYears,
    });
    this.checkpoints = new CheckpointPublishing(this, 'Checkpoints', {
      retentionYears: props.archiveRetentionYears,
      accessLogs: this.archive.accessLogs,
      ...(props.evidence ? { evidence: props.evidence } : {}),
    });
    this.environment = {
      TABLE_NAME: props.table.table.tableName,
      HOT_WINDOW_SECONDS: props.table.hotWindowSeconds,
      ARCHIVE_BUCKET: this.archive.bucket.bucketName,
      ARCHIVE_KEY_ARN: props.dataKey.keyArn,
      SIGNING_KEY_ARN: props.signingKeyArn ?? this.signingKey.key.keyArn,
      CHECKPOINT_BUCKET: this.checkpoints.bucket.bucketName,
      ...(props.trustedKeys ? { TRUSTED_KEYS: props.trustedKeys } : {}),
    };
    const defaults = { logEncryptionKey: props.dataKey, logRetention: props.logRetention };
    this.sealer = new ScheduledAuditFunction(this, 'Sealer', {
      ...defaults,
      environment: renderEnvironment(FUNCTION_ENVIRONMENTS.sealer, {
        ...this.environment,
        MAX_BLOCKS_PER_RUN: maxBlocksPerRun,
        // Its locks last as long as the archive's lifecycle keeps block files and the longest class.
        ARCHIVE_RETENTION_YEARS: props.archiveRetentionYears,
      }),
      entry: props.sealerEntry,
      description: 'Seals each closed minute of audit events into a signed, archived Merkle block',
      serviceName: SERVICE_NAMES.sealer,
      // At each minute's start (a rate would fire at an arbitrary second): the run waits out the grace and seals the minute just closed.
      schedule: events.Schedule.cron({ minute: '*' }),
      timeout: Duration.minutes(5),
      oneAtATime: true,
      whyNoDeadLetterQueue:
        'A failed or dropped run loses nothing: every run reads the chain and seals all intervals still due; the SealLagSeconds and UnsealedEvents alarms report a sealer that keeps failing.',
    });
    props.table.grantSealBlocks(this.sealer.function);
    this.archive.grantWrite(this.sealer.function);
    this.checkpoints.grantPublish(this.sealer.function);
    this.configuredKeyArn = props.signingKeyArn;
    this.grantSigning(this.sealer.function);

    this.verifier = new ScheduledAuditFunction(this, 'Verifier', {
      ...defaults,
      // The monitoring check's part of the contract comes with MonitoringCheck.
      environment: renderEnvironment(INTEGRITY_READER_ENVIRONMENT, this.environment),
      entry: props.verifierEntry,
      description: 'Verifies event hashes, Merkle roots, the block chain, signatures and table against archive',
      serviceName: SERVICE_NAMES.verifier,
      schedule: props.verifierSchedule ?? events.Schedule.cron({ minute: '30', hour: '2' }),
      timeout: Duration.minutes(15),
      memorySize: 1024,
      whyNoDeadLetterQueue:
        'The verifier only reads and reports; a failed run is seen as a missing audit.integrity.verified event and its error metric, and the next run covers the same period again.',
    });
    this.connectReader(this.verifier.function);
    this.checkpoints.grantRemember(this.verifier.function);
    props.table.grantReadEvents(this.verifier.function);
    // The verifier records its result as an audit event, through the same append-only grant as ingest.
    props.table.grantAppendEvents(this.verifier.function);
    if (props.auditorEmails && props.auditorEmails.length > 0) {
      this.checkpointMail = new CheckpointMail(this, 'CheckpointMail', { emails: props.auditorEmails });
      this.checkpointMail.connectVerifier(this.verifier.function);
    }
  }

  /** The sealer signs with, and publishes the public key of, the configured key or else the stack's. */
  private grantSigning(fn: lambda.Function): void {
    if (this.configuredKeyArn) {
      grantOnSigningKeyArn(fn, this.configuredKeyArn, 'kms:Sign', 'kms:GetPublicKey');
      return;
    }
    this.signingKey.grantSign(fn);
    this.signingKey.grantReadPublicKey(fn);
  }

  /**
   * Lets a function that already reads the table (the query function, the verifier) build
   * proofs and verify: the integrity environment, archive reads, the public key.
   */
  public connectReader(fn: lambda.Function): void {
    addContractEnvironment(fn, INTEGRITY_READER_ENVIRONMENT, this.environment);
    this.archive.grantRead(fn);
    this.checkpoints.grantRead(fn);
    // Both keys after a rotation: blocks signed by the stack's key stay verifiable.
    this.signingKey.grantReadPublicKey(fn);
    if (this.configuredKeyArn) grantOnSigningKeyArn(fn, this.configuredKeyArn, 'kms:GetPublicKey');
  }
}
