/**
 * The security team's scheduled reports: a function that writes the daily login activity
 * and the weekly data changes reports (lambdas/functions/reports) on two EventBridge
 * schedules, a reports bucket (SSE-KMS with the data key, TLS only, versioned, access
 * logs, a lifecycle), and a KMS-encrypted topic whose e-mail subscribers get each report's
 * counts and a link to its copies. The function reads the table, is an integrity reader
 * for each period's verdict, and records each run as an audit.read event.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { REPORTS_PREFIX } from '../../lambdas/adapters/s3/s3-report-delivery';
import { REPORTS_ENVIRONMENT } from '../../lambdas/composition/function-environments';
import type { ScheduledReportKind } from '../../lambdas/core/query/scheduled-reports';
import { SERVICE_NAMES } from '../../lambdas/core/service-names';
import { acknowledgeRule, acknowledgeWildcardResource } from '../compliance/acknowledge';
import type { AuditIntegrity } from './audit-integrity';
import { AuditFunction } from './audit-function';
import type { AuditTable } from './audit-table';
import { EmailSubscriptions } from './email-subscriptions';
import { privateKmsBucketProps } from './export-bucket';
import { addContractEnvironment } from './function-defaults';
import { scheduleProblem, unwrapCron } from './scheduled-reports-cron';

/** Props of {@link ScheduledReports}. */
export interface ScheduledReportsProps {
  /** Absolute path of the reports handler module. */
  readonly entry: string;
  /** The audit table: read by the reports, appended to by their audit.read events. */
  readonly table: AuditTable;
  /** Makes the function an integrity reader (archive, public keys) for each period's verdict. */
  readonly integrity: AuditIntegrity;
  /** The data key: encrypts the report copies and the function's log group. */
  readonly dataKey: kms.IKey;
  /** Bucket receiving the reports bucket's S3 server access logs, under `reports/`. */
  readonly accessLogs: s3.IBucket;
  readonly logRetention: logs.RetentionDays;
  /** Security team addresses mailed each report's notice (each must confirm). */
  readonly emails: readonly string[];
  /** EventBridge cron fields of the daily login activity report, e.g. `0 6 * * ? *`. */
  readonly dailySchedule: string;
  /** EventBridge cron fields of the weekly data changes report, e.g. `0 6 ? * MON *`. */
  readonly weeklySchedule: string;
  /** The brute-force thresholds of the monitoring config, for lockout-worthy patterns. */
  readonly lockout: { readonly threshold: number; readonly windowSeconds: number };
  /** Days a report copy is kept. @default 400 */
  readonly retentionDays?: number;
}

/** The reports function, its bucket, topic and schedules. */
export class ScheduledReports extends Construct {
  public readonly function: lambda.Function;
  public readonly bucket: s3.Bucket;
  public readonly topic: sns.Topic;
  public readonly topicKey: kms.Key;
  public readonly emailSubscriptions: EmailSubscriptions;

  constructor(scope: Construct, id: string, props: ScheduledReportsProps) {
    super(scope, id);
    const retentionDays = validateProps(props);
    this.bucket = reportsBucket(this, props, retentionDays);
    this.topicKey = new kms.Key(this, 'TopicKey', {
      description: 'DMIS audit scheduled reports topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'DMIS audit reports', masterKey: this.topicKey, enforceSSL: true });
    this.emailSubscriptions = new EmailSubscriptions(this, 'Emails', { topic: this.topic, emails: props.emails, encryptionKey: this.topicKey });
    this.function = this.reportsFunction(props);
    for (const [kind, cron] of [['daily-logins', props.dailySchedule], ['weekly-changes', props.weeklySchedule]] as const) {
      this.schedule(kind, cron);
    }
  }

  private reportsFunction(props: ScheduledReportsProps): lambda.Function {
    const fn = new AuditFunction(this, 'Function', {
      entry: props.entry,
      description: 'Writes the daily login activity and weekly data changes reports for the security team',
      serviceName: SERVICE_NAMES.reports,
      invocation: 'asynchronous',
      logEncryptionKey: props.dataKey,
      logRetention: props.logRetention,
      // A week of events and its blocks' verification: the longest any audit function runs.
      timeout: Duration.minutes(15),
      memorySize: 1024,
    }).function;
    const why = 'A failed run raises the per-function errors alarm and is re-run for its period ({"report": ..., "date" | "week": ...}); the events it reports on stay in the table, so nothing is lost.';
    for (const rule of ['NIST.800.53.R5-LambdaDLQ', 'Serverless-LambdaDLQ', 'Serverless-LambdaAsyncFailureDestination']) acknowledgeRule(fn, rule, why);
    props.table.grantReadEvents(fn);
    // Each run is recorded as an audit.read event, through the same append-only grant as ingest.
    props.table.grantAppendEvents(fn);
    props.integrity.connectReader(fn);
    this.grantPutReports(fn, props.dataKey);
    this.topic.grantPublish(fn);
    acknowledgeRule(fn.role ?? fn, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', 'CDK grant for publishing to the KMS-encrypted reports topic; the statement names only the topic key.');
    addContractEnvironment(fn, REPORTS_ENVIRONMENT, {
      REPORTS_BUCKET: this.bucket.bucketName,
      REPORTS_KEY_ARN: props.dataKey.keyArn,
      REPORTS_TOPIC_ARN: this.topic.topicArn,
      DETECTOR_THRESHOLD: props.lockout.threshold,
      DETECTOR_WINDOW_SECONDS: props.lockout.windowSeconds,
    });
    return fn;
  }

  /** Only PutObject under `reports/`, and the data key use SSE-KMS needs for it. */
  private grantPutReports(fn: lambda.Function, key: kms.IKey): void {
    key.grant(fn, 'kms:GenerateDataKey');
    const objects = this.bucket.arnForObjects(`${REPORTS_PREFIX}*`);
    acknowledgeWildcardResource(fn.role ?? fn, objects, 'Report copies are named by kind and period under reports/ of this one bucket; the function writes a new name each day and week.');
    iam.Grant.addToPrincipal({ grantee: fn, actions: ['s3:PutObject'], resourceArns: [objects] });
  }

  private schedule(kind: ScheduledReportKind, cron: string): void {
    const id = kind === 'daily-logins' ? 'DailyLogins' : 'WeeklyChanges';
    const rule = new events.Rule(this, `${id}Schedule`, {
      description: `The ${kind} report of the period that ended last`,
      schedule: events.Schedule.expression(`cron(${unwrapCron(cron)})`),
      targets: [new targets.LambdaFunction(this.function, { event: events.RuleTargetInput.fromObject({ report: kind }), retryAttempts: 2 })],
    });
    acknowledgeRule(rule, 'Serverless-EventBusDLQ', 'A trigger that cannot be delivered after its retries is re-run for its period by hand; the reported events stay in the table.');
  }
}

function validateProps(props: ScheduledReportsProps): number {
  for (const key of ['dailySchedule', 'weeklySchedule'] as const) {
    const problem = scheduleProblem(props[key]);
    if (problem) throw new Error(`ScheduledReports: ${key} ${problem}`);
  }
  const days = props.retentionDays ?? 400;
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new Error('ScheduledReports: retentionDays must be an integer from 1 to 3650');
  return days;
}

function reportsBucket(scope: Construct, props: ScheduledReportsProps, retentionDays: number): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'Bucket', {
    ...privateKmsBucketProps(props.dataKey, props.accessLogs, REPORTS_PREFIX),
    lifecycleRules: [
      {
        id: 'ExpireReports',
        prefix: REPORTS_PREFIX,
        expiration: Duration.days(retentionDays),
        noncurrentVersionExpiration: Duration.days(30),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
    // The security team's filed copies: kept when the stack goes.
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledgeRule(
    bucket,
    'NIST.800.53.R5-S3BucketReplicationEnabled',
    'Reports are derived from the trail (table with PITR and AWS Backup, Object Lock archive) and can be re-run for any period; a replica would only be a second copy to protect.',
  );
  return bucket;
}
