/**
 * A scheduled audit function: an AuditFunction invoked by an EventBridge rule, with the
 * settings a schedule needs that the API-facing defaults do not have (a longer timeout,
 * optionally one run at a time, stale triggers dropped rather than queued).
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { AuditFunction } from './audit-function';

/** Props of {@link ScheduledAuditFunction}. */
export interface ScheduledAuditFunctionProps {
  /** Absolute path of the handler module. */
  readonly entry: string;
  /** Shown in the Lambda console. */
  readonly description: string;
  /** Powertools service name. */
  readonly serviceName: string;
  /** When it runs. */
  readonly schedule: events.Schedule;
  /** Run timeout, up to 15 minutes: a schedule has no API Gateway limit. */
  readonly timeout: Duration;
  /** True: reserved concurrency 1, so runs never overlap. @default false */
  readonly oneAtATime?: boolean;
  /** Why a failed or dropped run loses nothing (the DLQ acknowledgement's reason). */
  readonly whyNoDeadLetterQueue: string;
  readonly logEncryptionKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** Memory in MB. @default 512 */
  readonly memorySize?: number;
  /** Extra environment variables. @default - none */
  readonly environment?: Readonly<Record<string, string>>;
}

/** An AuditFunction on an EventBridge schedule. */
export class ScheduledAuditFunction extends Construct {
  /** The function. */
  public readonly function: lambda.Function;
  /** The schedule rule. */
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ScheduledAuditFunctionProps) {
    super(scope, id);
    const audit = new AuditFunction(this, 'Function', {
      entry: props.entry,
      description: props.description,
      serviceName: props.serviceName,
      invocation: 'asynchronous',
      logEncryptionKey: props.logEncryptionKey,
      logRetention: props.logRetention,
      timeout: props.timeout,
      ...(props.oneAtATime ? { reservedConcurrentExecutions: 1 } : {}),
      ...(props.memorySize ? { memorySize: props.memorySize } : {}),
      ...(props.environment ? { environment: props.environment } : {}),
    });
    this.function = audit.function;
    // A trigger that waited longer than one period is stale: the next one does the same work.
    this.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(1) });
    this.rule = new events.Rule(this, 'Schedule', {
      schedule: props.schedule,
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0 })],
    });
    for (const rule of ['NIST.800.53.R5-LambdaDLQ', 'Serverless-LambdaDLQ', 'Serverless-LambdaAsyncFailureDestination'])
      acknowledgeRule(this.function, rule, props.whyNoDeadLetterQueue);
    acknowledgeRule(this.rule, 'Serverless-EventBusDLQ', props.whyNoDeadLetterQueue);
  }
}
