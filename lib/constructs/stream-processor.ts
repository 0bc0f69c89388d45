/**
 * The stream processor: a Lambda on the audit table's stream that writes the security
 * lines (its log group is the security log group), runs the real-time brute-force
 * detector on a counter table of its own, and alerts through the alarm topic. Failed
 * records are bisected, retried a bounded number of times within a bounded age, then
 * sent to an encrypted on-failure queue so the rest of the stream keeps flowing.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DETECTOR_TABLE } from '../../lambdas/adapters/dynamodb/detector-counters';
import { renderEnvironment } from '../../lambdas/composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../lambdas/composition/function-environments';
import { SERVICE_NAMES } from '../../lambdas/core/service-names';
import { acknowledgeRule } from '../compliance/acknowledge';
import { AuditFunction } from './audit-function';

/** Props of {@link StreamProcessor}. */
export interface StreamProcessorProps {
  /** The audit table; it must have a stream. */
  readonly table: dynamodb.ITable;
  /** Handler module exporting `handler` (lambdas/functions/stream-processor/main.ts). */
  readonly entry: string;
  /** Where real-time alerts go. */
  readonly alarmTopic: sns.ITopic;
  /** Encrypts the security log group, the counter table and the on-failure queue. */
  readonly encryptionKey: kms.IKey;
  /** Retention of the security log group. */
  readonly securityLogRetention: logs.RetentionDays;
  /** Failed logins per key within the window that raise an alert. */
  readonly bruteForceThreshold: number;
  /** The detector's window in seconds, whole minutes. */
  readonly bruteForceWindowSeconds: number;
  /** Retries of a failing batch before its records go to the on-failure queue. @default 3 */
  readonly retryAttempts?: number;
  /** Records older than this go to the on-failure queue unprocessed. @default Duration.hours(1) */
  readonly maxRecordAge?: Duration;
}

/** The stream processor function, its security log group, counter table and on-failure queue. */
export class StreamProcessor extends Construct {
  /** The function. */
  public readonly function: lambda.IFunction;
  /** The security log group: one JSON security line per audit-table change. */
  public readonly securityLogGroup: logs.ILogGroup;
  /** Where records that failed every retry are described. */
  public readonly failureQueue: sqs.Queue;
  /** The detector's counters. */
  public readonly detectorTable: dynamodb.Table;

  constructor(scope: Construct, id: string, props: StreamProcessorProps) {
    super(scope, id);
    const retryAttempts = props.retryAttempts ?? 3;
    if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 10)
      throw new Error('StreamProcessor: retryAttempts must be an integer from 0 to 10');
    if (props.bruteForceWindowSeconds % 60 !== 0)
      throw new Error('StreamProcessor: bruteForceWindowSeconds must be whole minutes');
    this.detectorTable = this.counterTable(props.encryptionKey);
    this.failureQueue = new sqs.Queue(this, 'FailureQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const isDestination =
      'This queue is itself the on-failure destination of the stream processor; nothing consumes it automatically, an operator reads it (MONITORING.md runbook).';
    acknowledgeRule(this.failureQueue, 'AwsSolutions-SQS3', isDestination);
    acknowledgeRule(this.failureQueue, 'Serverless-SQSRedrivePolicy', isDestination);
    const fn = new AuditFunction(this, 'Function', {
      entry: props.entry,
      description: 'Writes one security line per audit-table change and detects brute force in real time',
      serviceName: SERVICE_NAMES.streamProcessor,
      invocation: 'asynchronous',
      logEncryptionKey: props.encryptionKey,
      logRetention: props.securityLogRetention,
      memorySize: 256,
      timeout: Duration.seconds(29),
      environment: renderEnvironment(FUNCTION_ENVIRONMENTS.streamProcessor, {
        DETECTOR_TABLE_NAME: this.detectorTable.tableName,
        ALARM_TOPIC_ARN: props.alarmTopic.topicArn,
        DETECTOR_THRESHOLD: props.bruteForceThreshold,
        DETECTOR_WINDOW_SECONDS: props.bruteForceWindowSeconds,
      }),
    });
    this.function = fn.function;
    this.securityLogGroup = fn.logGroup;
    fn.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts,
        maxRecordAge: props.maxRecordAge ?? Duration.hours(1),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.failureQueue),
      }),
    );
    props.alarmTopic.grantPublish(fn.function);
    this.detectorTable.grant(fn.function, 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:BatchGetItem');
    props.encryptionKey.grant(fn.function, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');
    const kmsWildcards =
      'CDK grants for the KMS-encrypted alarm topic and on-failure queue; each statement names only the alarm topic key or the data key, never all keys.';
    acknowledgeRule(fn.role, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', kmsWildcards);
    acknowledgeRule(fn.role, 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', kmsWildcards);
    const dlq =
      "A stream-invoked function has no asynchronous DLQ; failed records go to the event source mapping's on-failure SQS destination.";
    acknowledgeRule(fn.function, 'NIST.800.53.R5-LambdaDLQ', dlq);
    acknowledgeRule(fn.function, 'Serverless-LambdaDLQ', dlq);
  }

  private counterTable(key: kms.IKey): dynamodb.Table {
    const table = new dynamodb.Table(this, 'DetectorTable', {
      partitionKey: { name: DETECTOR_TABLE.partitionKey.name, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      timeToLiveAttribute: DETECTOR_TABLE.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Counters live minutes; losing them only resets the detector's windows.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledgeRule(
      table,
      'NIST.800.53.R5-DynamoDBInBackupPlan',
      'Detector counters live minutes and expire by TTL; restoring them would only replay stale counts. PITR covers accidental loss.',
    );
    return table;
  }
}
