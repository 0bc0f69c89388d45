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
import { BlockSigningKey } from './block-signing-key';
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
}

/** Signing key, archive, sealer and verifier. */
export class AuditIntegrity extends Construct {
  public readonly signingKey: BlockSigningKey;
  public readonly archive: AuditArchive;
  public readonly sealer: ScheduledAuditFunction;
  public readonly verifier: ScheduledAuditFunction;
  /** What any function using the integrity adapters needs (lambdas/composition/aws-integrity-adapters.ts). */
  public readonly environment: EnvironmentOf<typeof INTEGRITY_READER_ENVIRONMENT>;

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
    this.environment = {
      TABLE_NAME: props.table.table.tableName,
      ARCHIVE_BUCKET: this.archive.bucket.bucketName,
      ARCHIVE_KEY_ARN: props.dataKey.keyArn,
      SIGNING_KEY_ARN: this.signingKey.key.keyArn,
    };
    const defaults = { logEncryptionKey: props.dataKey, logRetention: props.logRetention };
    this.sealer = new ScheduledAuditFunction(this, 'Sealer', {
      ...defaults,
      environment: renderEnvironment(FUNCTION_ENVIRONMENTS.sealer, { ...this.environment, MAX_BLOCKS_PER_RUN: maxBlocksPerRun }),
      entry: props.sealerEntry,
      description: 'Seals each closed minute of audit events into a signed, archived Merkle block',
      serviceName: SERVICE_NAMES.sealer,
      schedule: events.Schedule.rate(Duration.minutes(1)),
      timeout: Duration.minutes(5),
      oneAtATime: true,
      whyNoDeadLetterQueue:
        'A failed or dropped run loses nothing: every run reads the chain and seals all intervals still due; the SealLagSeconds and UnsealedEvents alarms report a sealer that keeps failing.',
    });
    props.table.grantSealBlocks(this.sealer.function);
    this.archive.grantWrite(this.sealer.function);
    this.signingKey.grantSign(this.sealer.function);

    this.verifier = new ScheduledAuditFunction(this, 'Verifier', {
      ...defaults,
      environment: renderEnvironment(FUNCTION_ENVIRONMENTS.verifier, this.environment),
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
    props.table.grantReadEvents(this.verifier.function);
    // The verifier records its result as an audit event, through the same append-only grant as ingest.
    props.table.grantAppendEvents(this.verifier.function);
  }

  /**
   * Lets a function that already reads the table (the query function, the verifier) build
   * proofs and verify: the integrity environment, archive reads, the public key.
   */
  public connectReader(fn: lambda.Function): void {
    addContractEnvironment(fn, INTEGRITY_READER_ENVIRONMENT, this.environment);
    this.archive.grantRead(fn);
    this.signingKey.grantReadPublicKey(fn);
  }
}
