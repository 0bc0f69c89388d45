/**
 * The SIEM forwarder: a Lambda with its own event source on the audit table's stream (the
 * stream processor is the only other reader), pushing every event to the configured SIEM
 * destinations. Each destination has a backlog, an SQS FIFO queue (14 days, the data key,
 * TLS only) that keeps its events in order while it is down; a rule drains the backlogs
 * every minute, and an alarm per destination fires when its oldest kept event has waited
 * longer than the configured minutes. The function runs one invocation at a time: each
 * backlog has one reader, so FIFO's group lock never meets a second live reader
 * (lambdas/adapters/sqs/sqs-siem-backlog.ts). Secrets are granted and passed by ARN only.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BACKLOG_VISIBILITY_SECONDS } from '../../lambdas/adapters/sqs/sqs-siem-backlog';
import { renderEnvironment } from '../../lambdas/composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../lambdas/composition/function-environments';
import type { AwsSiemDestination } from '../../lambdas/core/siem/destinations';
import { SIEM_DRAIN_EVENT } from '../../lambdas/functions/siem-forwarder/aws-invocation';
import { SERVICE_NAMES } from '../../lambdas/core/service-names';
import { acknowledgeRule, acknowledgeWildcardResource } from '../compliance/acknowledge';
import type { SiemVpcConfig } from '../siem-config';
import { AuditFunction } from './audit-function';
import type { AuditTable } from './audit-table';
import { deadLetterQueue } from './dead-letter-queue';
import { placeInVpc } from './siem-forwarder-vpc';

/** Props of {@link SiemForwarder}. */
export interface SiemForwarderProps {
  /** The audit table: its stream feeds the forwarder, its events serve replays. */
  readonly table: AuditTable;
  /** Handler module exporting `handler` (lambdas/functions/siem-forwarder/main.ts). */
  readonly entry: string;
  /** The destinations, validated (lib/siem-config.ts); names unique. */
  readonly destinations: readonly AwsSiemDestination[];
  /** Encrypts the backlogs, the on-failure queue and the log group. */
  readonly dataKey: kms.IKey;
  /** Where the down and failure alarms go. */
  readonly alarmTopic: sns.ITopic;
  readonly logRetention: logs.RetentionDays;
  /** Minutes the oldest backlog event may wait before its destination's alarm fires. */
  readonly downAlarmMinutes: number;
  /** Existing subnets to run in, for a SIEM reachable only privately. @default not in a VPC */
  readonly vpc?: SiemVpcConfig;
  /** Retries of a failing stream batch before it goes to the on-failure queue. @default 10 */
  readonly retryAttempts?: number;
}

/** The forwarder function, its backlog queue per destination, its on-failure queue and alarms. */
export class SiemForwarder extends Construct {
  /** The function. */
  public readonly function: lambda.Function;
  /** Destination name → its backlog queue. */
  public readonly backlogs: ReadonlyMap<string, sqs.Queue>;
  /** Where stream batches that failed every retry are described. */
  public readonly failureQueue: sqs.Queue;
  /** Destination name → its down alarm. */
  public readonly downAlarms: ReadonlyMap<string, cw.Alarm>;

  constructor(scope: Construct, id: string, props: SiemForwarderProps) {
    super(scope, id);
    validateProps(props);
    this.backlogs = new Map(props.destinations.map((d) => [d.name, this.backlogQueue(d.name, props.dataKey)]));
    this.failureQueue = deadLetterQueue(this, 'FailureQueue', props.dataKey, 'the SIEM forwarder stream mapping');
    const fn = this.forwarderFunction(props);
    this.function = fn.function;
    fn.function.addEventSource(
      new DynamoEventSource(props.table.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: props.retryAttempts ?? 10,
        // Throttles (one invocation at a time) are retried within this age; the stream keeps 24 h.
        maxRecordAge: Duration.hours(12),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.failureQueue),
      }),
    );
    this.scheduleDrain(fn.function);
    this.grant(fn, props);
    if (props.vpc) placeInVpc(this, fn, props.vpc);
    this.downAlarms = new Map([...this.backlogs].map(([name, queue]) => [name, this.downAlarm(name, queue, props)]));
    this.failureAlarm(props.alarmTopic);
  }

  private forwarderFunction(props: SiemForwarderProps): AuditFunction {
    const queues = Object.fromEntries([...this.backlogs].map(([name, queue]) => [name, queue.queueUrl]));
    return new AuditFunction(this, 'Function', {
      entry: props.entry,
      description: 'Pushes every audit event to the SIEM destinations, keeping a backlog per destination while it is down',
      serviceName: SERVICE_NAMES.siemForwarder,
      invocation: 'asynchronous',
      logEncryptionKey: props.dataKey,
      logRetention: props.logRetention,
      // Shorter than the backlog's visibility timeout, so a hold never outlives its invocation.
      timeout: Duration.seconds(BACKLOG_VISIBILITY_SECONDS - 60),
      reservedConcurrentExecutions: 1,
      environment: renderEnvironment(FUNCTION_ENVIRONMENTS.siemForwarder, {
        TABLE_NAME: props.table.table.tableName,
        HOT_WINDOW_SECONDS: props.table.hotWindowSeconds,
        SIEM_DESTINATIONS: JSON.stringify(props.destinations),
        SIEM_BACKLOG_QUEUES: Stack.of(this).toJsonString(queues),
      }),
    });
  }

  private backlogQueue(name: string, key: kms.IKey): sqs.Queue {
    const queue = new sqs.Queue(this, `Backlog-${name}`, {
      fifo: true,
      contentBasedDeduplication: false,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Events a destination has not received yet: kept if the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const reason =
      'A redrive DLQ would move events out of the FIFO order the backlog exists to keep; a stuck backlog raises its down alarm instead.';
    acknowledgeRule(queue, 'AwsSolutions-SQS3', reason);
    acknowledgeRule(queue, 'Serverless-SQSRedrivePolicy', reason);
    return queue;
  }

  private scheduleDrain(fn: lambda.Function): void {
    // A drain that waited a minute is stale: the next one does the same work.
    fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(1) });
    const rule = new events.Rule(this, 'DrainSchedule', {
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(fn, { event: events.RuleTargetInput.fromObject(SIEM_DRAIN_EVENT), retryAttempts: 0 })],
    });
    const why =
      'Asynchronous invocations are the drain schedule only: a dropped drain is redone a minute later. Stream batches that fail go to the mapping’s on-failure queue; replays are synchronous.';
    for (const id of ['NIST.800.53.R5-LambdaDLQ', 'Serverless-LambdaDLQ', 'Serverless-LambdaAsyncFailureDestination'])
      acknowledgeRule(fn, id, why);
    acknowledgeRule(rule, 'Serverless-EventBusDLQ', why);
  }

  private grant(fn: AuditFunction, props: SiemForwarderProps): void {
    for (const queue of this.backlogs.values()) {
      queue.grantSendMessages(fn.function);
      queue.grantConsumeMessages(fn.function);
    }
    props.table.grantReadEvents(fn.function);
    // A replay is recorded as an audit.export before it sends anything.
    props.table.grantAppendEvents(fn.function);
    props.dataKey.grant(fn.function, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');
    const kmsWildcards =
      'CDK grants for the KMS-encrypted backlog and on-failure queues; each statement names only the data key, never all keys.';
    acknowledgeRule(fn.role, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', kmsWildcards);
    acknowledgeRule(fn.role, 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', kmsWildcards);
    secretArnsOf(props.destinations).forEach((arn, i) => {
      // A complete ARN ends in Secrets Manager's six-character suffix; a partial one is granted with `-??????`.
      const secret = /-[A-Za-z0-9]{6}$/.test(arn)
        ? secretsmanager.Secret.fromSecretCompleteArn(this, `Secret${i}`, arn)
        : secretsmanager.Secret.fromSecretPartialArn(this, `Secret${i}`, arn);
      secret.grantRead(fn.function);
    });
    for (const d of props.destinations) if (d.kind === 's3') grantSiemObjects(fn, d.bucket, d.prefix);
  }

  private downAlarm(name: string, queue: sqs.Queue, props: SiemForwarderProps): cw.Alarm {
    return this.alarmAbove(
      `DownAlarm-${name}`,
      queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
      props.downAlarmMinutes * 60,
      `[high] siem-destination-down-${name}: SIEM destination ${name} has not taken its events for over ${props.downAlarmMinutes} minutes; they wait in its backlog. Runbook: docs/deploy.md#siem-destinations`,
      props.alarmTopic,
    );
  }

  private failureAlarm(topic: sns.ITopic): void {
    // Outside the shared per-function alarms (an optional function): a cold start that cannot
    // read its secrets, or a drain or replay that throws, shows here.
    this.alarmAbove(
      'ErrorsAlarm',
      this.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      0,
      '[high] siem-forwarder-errors: the SIEM forwarder failed (secrets unreadable, a queue or the table unreachable). Runbook: docs/deploy.md#siem-destinations',
      topic,
    );
    this.alarmAbove(
      'FailureAlarm',
      this.failureQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      0,
      '[high] siem-forwarder-failed-batches: stream batches the SIEM forwarder could neither deliver nor keep; replay their period. Runbook: docs/deploy.md#siem-destinations',
      topic,
    );
  }

  /** An alarm when `metric` exceeds `threshold` in one period, notifying `topic` of ALARM and OK. */
  private alarmAbove(id: string, metric: cw.IMetric, threshold: number, description: string, topic: sns.ITopic): cw.Alarm {
    const alarm = new cw.Alarm(this, id, {
      metric,
      threshold,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(topic));
    alarm.addOkAction(new SnsAction(topic));
    return alarm;
  }
}

/** PutObject (conditional writes) and GetObject (reading back an earlier write's count) under the destination's prefix. */
function grantSiemObjects(fn: AuditFunction, bucket: string, prefix: string | undefined): void {
  const objects = `arn:${Stack.of(fn).partition}:s3:::${bucket}/${prefix ? `${prefix.replace(/\/+$/, '')}/` : ''}*`;
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [objects] }));
  acknowledgeWildcardResource(fn.role, objects, 'The SIEM destination bucket’s objects under its configured prefix only; object keys are dated and named by event.');
}

/** Every secret ARN the destinations name, once. */
function secretArnsOf(destinations: readonly AwsSiemDestination[]): string[] {
  const arns = destinations.flatMap((d) =>
    d.kind === 'webhook' ? [d.secretArn] : d.kind === 'syslog' && d.clientKeySecretArn ? [d.clientKeySecretArn] : [],
  );
  return [...new Set(arns)];
}

function validateProps(props: SiemForwarderProps): void {
  if (props.destinations.length === 0) throw new Error('SiemForwarder: destinations must name at least one destination');
  const names = props.destinations.map((d) => d.name);
  if (new Set(names).size !== names.length) throw new Error('SiemForwarder: destinations must have unique names');
  if (!Number.isInteger(props.downAlarmMinutes) || props.downAlarmMinutes < 1)
    throw new Error('SiemForwarder: downAlarmMinutes must be a whole number of minutes, at least 1');
  const retries = props.retryAttempts ?? 10;
  if (!Number.isInteger(retries) || retries < 0 || retries > 10000)
    throw new Error('SiemForwarder: retryAttempts must be an integer from 0 to 10000');
}
