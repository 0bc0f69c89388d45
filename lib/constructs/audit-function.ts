/**
 * The one Lambda wrapper every audit function uses, so they share the same defaults:
 * Node.js 22 on arm64, explicit memory and timeout, an encrypted log group of its own,
 * X-Ray tracing (Powertools Tracer in every entry), source maps, Powertools environment and
 * ESM esbuild bundling.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeRule, acknowledgeWildcardResource } from '../compliance/acknowledge';
import { esmBundling, powertoolsEnvironment } from './function-defaults';

/** How the function is invoked; decides whether it needs a dead-letter destination. */
export type InvocationMode = 'synchronous' | 'asynchronous';

/** Props of {@link AuditFunction}. */
export interface AuditFunctionProps {
  /** Absolute path of the handler module; it must export `handler`. */
  readonly entry: string;
  /** What the function does, shown in the Lambda console. */
  readonly description: string;
  /** Powertools service name, the `service` key of every log line and metric. */
  readonly serviceName: string;
  /** Synchronous callers (API Gateway, RequestResponse invoke) get errors back and need no DLQ. */
  readonly invocation: InvocationMode;
  /** Key that encrypts the function's log group. */
  readonly logEncryptionKey: kms.IKey;
  /** Retention of the function's log group. */
  readonly logRetention: logs.RetentionDays;
  /** Memory in MB. @default 512 */
  readonly memorySize?: number;
  /**
   * Timeout: synchronous functions at most 29 s, so API Gateway never gives up first;
   * asynchronous ones (schedules, streams) up to Lambda's 15 minutes. @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /** Reserved concurrency, e.g. 1 for a run that must never overlap itself. @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
  /** Extra environment variables, e.g. TABLE_NAME. @default - none */
  readonly environment?: Readonly<Record<string, string>>;
}

/** A Node.js Lambda function with the audit trail's shared defaults and its own least-privilege role. */
export class AuditFunction extends Construct {
  /** The function. */
  public readonly function: NodejsFunction;
  /** Its execution role: only its own log group and X-Ray until grants add more. */
  public readonly role: iam.Role;
  /** Its log group. */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AuditFunctionProps) {
    super(scope, id);
    validateProps(props);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Own role instead of AWSLambdaBasicExecutionRole: writes to this log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.serviceName}`,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      role: this.role,
      // Lambda's segment, filled by each entry's one Powertools Tracer (lambdas/functions/shared/
      // observability.ts): a handler subsegment, and one per AWS SDK call through captureAWSv3Client.
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { ...powertoolsEnvironment(props.serviceName), ...props.environment },
      bundling: esmBundling(),
    });
    this.acknowledgeFindings(props);
  }

  private acknowledgeFindings({ invocation, reservedConcurrentExecutions }: AuditFunctionProps): void {
    acknowledgeWildcardResource(
      this.role,
      '*',
      'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; that is the only "*" statement.',
    );
    acknowledgeRule(
      this.role,
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'The inline policy belongs to this one role and is created and deleted with it; it cannot be attached to any other identity.',
    );
    const fn = this.function;
    const runtime =
      'Node.js 22 is the runtime the project pins and tests against; moving to 24 is a deliberate upgrade, not a drift.';
    acknowledgeRule(fn, 'AwsSolutions-L1', runtime);
    acknowledgeRule(fn, 'Serverless-LambdaLatestVersion', runtime);
    acknowledgeRule(
      fn,
      'NIST.800.53.R5-LambdaInsideVPC',
      'The function reaches only AWS APIs (DynamoDB, KMS, X-Ray) over TLS with IAM auth; it has no private network resource to reach and none may reach it.',
    );
    if (reservedConcurrentExecutions === undefined) {
      acknowledgeRule(
        fn,
        'NIST.800.53.R5-LambdaConcurrency',
        'Reserving concurrency would cap audit writes and drop events during a DMIS surge; the API stage throttle bounds the HTTP path.',
      );
    }
    if (invocation === 'synchronous') {
      const dlq =
        'Invoked synchronously only (API Gateway proxy, RequestResponse invoke): the caller receives the error and retries; Lambda never queues an event to lose.';
      acknowledgeRule(fn, 'NIST.800.53.R5-LambdaDLQ', dlq);
      acknowledgeRule(fn, 'Serverless-LambdaDLQ', dlq);
    }
  }
}

/** API Gateway's integration timeout for synchronous callers; Lambda's own limit otherwise. */
const MAX_TIMEOUT_SECONDS: Readonly<Record<InvocationMode, number>> = { synchronous: 29, asynchronous: 900 };

function validateProps(props: AuditFunctionProps): void {
  const memory = props.memorySize ?? 512;
  if (!Number.isInteger(memory) || memory < 128 || memory > 10_240) {
    throw new Error('AuditFunction: memorySize must be an integer from 128 to 10240 MB');
  }
  const seconds = props.timeout?.toSeconds() ?? 10;
  const maxSeconds = MAX_TIMEOUT_SECONDS[props.invocation];
  if (seconds < 1 || seconds > maxSeconds) {
    throw new Error(`AuditFunction: timeout must be from 1 to ${maxSeconds} seconds for ${props.invocation} invocation`);
  }
  const reserved = props.reservedConcurrentExecutions;
  if (reserved !== undefined && (!Number.isInteger(reserved) || reserved < 1)) {
    throw new Error('AuditFunction: reservedConcurrentExecutions must be a positive integer');
  }
  if (props.serviceName.trim() === '') {
    throw new Error('AuditFunction: serviceName must not be empty');
  }
}
