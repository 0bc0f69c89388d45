/**
 * AWS Backup for the audit table, on top of PITR: PITR only reaches back 35 days, and a
 * backup copy in its own encrypted vault survives a mistake (or an attacker) on the table.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeManagedPolicy } from '../compliance/acknowledge';
import type { BackupVaultLockMode } from '../config';

/** Props of {@link AuditBackup}. */
export interface AuditBackupProps {
  /** The table to back up. */
  readonly table: dynamodb.ITable;
  /** Key that encrypts the backup vault. */
  readonly encryptionKey: kms.IKey;
  /** How long monthly backups are kept, in days. @default 365 */
  readonly monthlyRetentionDays?: number;
  /** Vault Lock (config `backupVaultLock`): `compliance` becomes permanent after its grace period. @default 'governance' */
  readonly lockMode?: BackupVaultLockMode;
}

/** Daily backups' lifetime, which is also the vault lock's minimum retention. */
const DAILY_RETENTION = Duration.days(35);
/** The compliance lock's grace period: the shortest AWS Backup allows before it becomes immutable. */
const COMPLIANCE_GRACE = Duration.days(3);

/**
 * Daily backups kept 35 days and monthly backups kept a year, in a locked vault. The vault
 * has a fixed name, so it is kept on stack deletion but not after a failed first create
 * (RETAIN_ON_UPDATE_OR_DELETE): a retry would otherwise fail with "already exists".
 */
export class AuditBackup extends Construct {
  /** The backup plan. */
  public readonly plan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: AuditBackupProps) {
    super(scope, id);
    const monthlyDays = props.monthlyRetentionDays ?? 365;
    if (!Number.isInteger(monthlyDays) || monthlyDays < 35) {
      throw new Error('AuditBackup: monthlyRetentionDays must be an integer of at least 35');
    }
    const vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      lockConfiguration: vaultLock(props.lockMode ?? 'governance'),
    });
    this.plan = new backup.BackupPlan(this, 'Plan', { backupVault: vault });
    this.plan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3' }),
        deleteAfter: DAILY_RETENTION,
      }),
    );
    this.plan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'Monthly',
        scheduleExpression: events.Schedule.cron({ minute: '0', hour: '4', day: '1' }),
        deleteAfter: Duration.days(monthlyDays),
      }),
    );
    const selection = this.plan.addSelection('AuditTable', {
      resources: [backup.BackupResource.fromDynamoDbTable(props.table)],
    });
    acknowledgeManagedPolicy(
      selection,
      'AWSBackupServiceRolePolicyForBackup',
      'This is the AWS-maintained policy the Backup service role needs; AWS keeps it current as Backup changes.',
    );
  }
}

/**
 * Recovery points cannot be deleted before the daily lifetime. Governance mode (no grace
 * period) can be removed by a user allowed backup:DeleteBackupVaultLockConfiguration;
 * compliance mode cannot be removed by anyone once its grace period ends.
 */
function vaultLock(mode: BackupVaultLockMode): backup.LockConfiguration | undefined {
  if (mode === 'none') return undefined;
  return { minRetention: DAILY_RETENTION, ...(mode === 'compliance' ? { changeableFor: COMPLIANCE_GRACE } : {}) };
}
