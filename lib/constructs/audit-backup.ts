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

/** Props of {@link AuditBackup}. */
export interface AuditBackupProps {
  /** The table to back up. */
  readonly table: dynamodb.ITable;
  /** Key that encrypts the backup vault. */
  readonly encryptionKey: kms.IKey;
  /** How long monthly backups are kept, in days. @default 365 */
  readonly monthlyRetentionDays?: number;
}

/** Daily backups kept 35 days and monthly backups kept a year, in a vault kept on stack deletion. */
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
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.plan = new backup.BackupPlan(this, 'Plan', { backupVault: vault });
    this.plan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3' }),
        deleteAfter: Duration.days(35),
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
