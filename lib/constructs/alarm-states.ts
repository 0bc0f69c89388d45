/**
 * The alarms function: subscribed to the alarm topic, it keeps the latest state of every
 * alarm, and serves `GET /v1/alarms`. Created before the API (which routes to it) and
 * connected to the topic and its state table once detection exists.
 */
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ALARM_STATES_ENVIRONMENT } from '../../lambdas/composition/function-environments';
import { SERVICE_NAMES } from '../../lambdas/core/service-names';
import { acknowledgeRule } from '../compliance/acknowledge';
import { AuditFunction } from './audit-function';
import { addContractEnvironment } from './function-defaults';

/** Props of {@link AlarmStates}. */
export interface AlarmStatesProps {
  /** Handler module exporting `handler` (lambdas/functions/alarms/main.ts). */
  readonly entry: string;
  readonly logEncryptionKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/** The alarms function; call `connect` once the topic and the state table exist. */
export class AlarmStates extends Construct {
  /** The function (API handler for `GET /v1/alarms` and topic subscriber). */
  public readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: AlarmStatesProps) {
    super(scope, id);
    const fn = new AuditFunction(this, 'Function', {
      entry: props.entry,
      description: 'Records alarm transitions from the alarm topic and lists alarm states',
      serviceName: SERVICE_NAMES.alarms,
      invocation: 'asynchronous',
      logEncryptionKey: props.logEncryptionKey,
      logRetention: props.logRetention,
      memorySize: 256,
      timeout: Duration.seconds(10),
    });
    this.function = fn.function;
    const dlq =
      'SNS retries delivery to Lambda; a lost transition only delays the shown state until the next one, and CloudWatch keeps the authoritative alarm state.';
    acknowledgeRule(fn.function, 'NIST.800.53.R5-LambdaDLQ', dlq);
    acknowledgeRule(fn.function, 'Serverless-LambdaDLQ', dlq);
  }

  /** Subscribes to the alarm topic and keeps states in `table` (the detector table). */
  public connect(topic: sns.ITopic, table: dynamodb.ITable, tableKey: kms.IKey): void {
    addContractEnvironment(this.function, ALARM_STATES_ENVIRONMENT, { ALARM_STATE_TABLE_NAME: table.tableName });
    table.grant(this.function, 'dynamodb:PutItem', 'dynamodb:Scan');
    tableKey.grant(this.function, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');
    const subscription = topic.addSubscription(new LambdaSubscription(this.function));
    acknowledgeRule(
      subscription,
      'Serverless-SNSRedrivePolicy',
      'A lost alarm transition only delays the state shown at GET /v1/alarms until the next one; CloudWatch keeps the authoritative state and also emails it.',
    );
  }
}
