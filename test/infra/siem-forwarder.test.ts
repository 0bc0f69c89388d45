/**
 * The SIEM forwarder in the synthesised stack, configured through CDK context with a
 * destination of every kind and a VPC: its own stream reader beside the stream processor,
 * FIFO backlogs, a down alarm per destination, VPC placement, grants by ARN, and no secret
 * in the template. One synthesis, shared by every assertion.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { FUNCTION_ENVIRONMENTS } from '../../lambdas/composition/function-environments';
import { SERVICE_NAMES } from '../../lambdas/core/service-names';
import { resolveAuditConfig } from '../../lib/config';
import { buildAuditStack, environmentOf, auditFunctionsOf, logicalIdOf, statementsOfRole, SYNTH_TIMEOUT_MS } from './audit-stack-fixture';
import {
  SIEM_CONTEXT,
  SIEM_DESTINATIONS,
  SIEM_VPC,
  SYSLOG_KEY_SECRET_ARN,
  WEBHOOK_SECRET_ARN,
  WEBHOOK_SECRET_VALUE,
} from './siem-context';

type Resources = Record<string, { Properties: Record<string, unknown> }>;
const NAMES = SIEM_DESTINATIONS.map((d) => d.name);

describe('SIEM forwarder resources', () => {
  let template: Template;
  let environment: Record<string, unknown>;
  let functionId: string;
  beforeAll(() => {
    const config = resolveAuditConfig((key) => ({ stage: 'staging', ...SIEM_CONTEXT })[key]);
    const { stack } = buildAuditStack(config, { bundle: false });
    template = Template.fromStack(stack);
    const forwarder = auditFunctionsOf(stack).find((fn) => environmentOf(template, fn).POWERTOOLS_SERVICE_NAME === SERVICE_NAMES.siemForwarder);
    if (!forwarder) throw new Error('no SIEM forwarder function in the stack');
    environment = environmentOf(template, forwarder);
    functionId = logicalIdOf(forwarder.function);
  }, SYNTH_TIMEOUT_MS);

  const fifoQueues = () => template.findResources('AWS::SQS::Queue', { Properties: { FifoQueue: true } }) as Resources;

  it('reads the table stream with exactly two mappings: the stream processor and the forwarder', () => {
    // Act
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping') as Resources);
    const onStream = mappings.filter((m) => JSON.stringify(m.Properties.EventSourceArn).includes('StreamArn'));
    // Assess
    expect(onStream).toHaveLength(2);
    expect(onStream.map((m) => m.Properties.FunctionName)).toContainEqual({ Ref: functionId });
  });

  it('retries a failing batch bisected, reports partial failures and keeps what fails every retry', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 12 * 3600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('keeps one FIFO backlog per destination, 14 days, under the data key', () => {
    // Act
    const queues = Object.values(fifoQueues()).map((q) => q.Properties);
    // Assess
    expect(queues).toHaveLength(NAMES.length);
    for (const queue of queues) {
      expect(queue).toMatchObject({
        FifoQueue: true,
        ContentBasedDeduplication: false,
        MessageRetentionPeriod: 14 * 86_400,
        KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] },
      });
    }
  });

  it('refuses every backlog request that is not over TLS', () => {
    // Act
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy') as Resources);
    const denyingPlainText = policies.filter((p) => JSON.stringify(p.Properties).includes('"aws:SecureTransport":"false"'));
    const covered = denyingPlainText.flatMap((p) => p.Properties.Queues as unknown[]).map((q) => JSON.stringify(q));
    // Assess
    expect(Object.keys(fifoQueues()).every((id) => covered.includes(JSON.stringify({ Ref: id })))).toBe(true);
  });

  it('names each destination and its backlog queue in the environment, with ARNs instead of secrets', () => {
    // Act
    const destinations = JSON.parse(environment.SIEM_DESTINATIONS as string) as unknown;
    const queues = JSON.stringify(environment.SIEM_BACKLOG_QUEUES);
    // Assess
    expect(destinations).toEqual(SIEM_DESTINATIONS);
    for (const id of Object.keys(fifoQueues())) expect(queues).toContain(id);
    expect(Object.keys(FUNCTION_ENVIRONMENTS.siemForwarder).filter((v) => environment[v] === undefined)).toEqual([]);
  });

  it('runs one invocation at a time, within the backlog visibility timeout', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: SERVICE_NAMES.siemForwarder }) },
      ReservedConcurrentExecutions: 1,
      Timeout: 300,
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
    });
  });

  it('drains the backlogs every minute with the drain event', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId, 'Arn'] }, Input: '{"drain":true}' })],
    });
  });

  it('alarms per destination when the oldest kept event waited longer than siemDownAlarmMinutes', () => {
    // Act
    const alarms = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ApproximateAgeOfOldestMessage' } }) as Resources,
    ).map((a) => a.Properties);
    // Assess
    expect(alarms.map((a) => (a.Dimensions as { Value: { 'Fn::GetAtt': string[] } }[])[0]?.Value['Fn::GetAtt'][0]).sort()).toEqual(
      Object.keys(fifoQueues()).sort(),
    );
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        Namespace: 'AWS/SQS',
        Threshold: 20 * 60,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: expect.stringMatching(/AlarmTopic/) }],
      });
    }
  });

  it('places the function in the configured subnets and security groups', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: SERVICE_NAMES.siemForwarder }) },
      VpcConfig: { SubnetIds: SIEM_VPC.subnetIds, SecurityGroupIds: SIEM_VPC.securityGroupIds },
    });
  });

  it('may read exactly the named secrets, and write only under the S3 destination prefix', () => {
    // Act
    const statements = statementsOfRole(template, /audit-siem-forwarder/);
    const secretResources = statements
      .filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))
      .flatMap((s) => [s.Resource].flat());
    const objectStatements = statements.filter((s) => [s.Action].flat().includes('s3:PutObject'));
    // Assess
    expect(secretResources.map((r) => JSON.stringify(r)).sort()).toEqual(
      [WEBHOOK_SECRET_ARN, `${SYSLOG_KEY_SECRET_ARN}-??????`].map((r) => JSON.stringify(r)).sort(),
    );
    expect(objectStatements.map((s) => [s.Action, JSON.stringify(s.Resource)])).toEqual([
      [['s3:GetObject', 's3:PutObject'], expect.stringContaining(':s3:::soc-security-lake-eu-west-1/ext/dmis-audit/*')],
    ]);
  });

  it('has no secret value anywhere in the template, only the ARN', () => {
    // Act
    const text = JSON.stringify(template.toJSON());
    // Assess
    expect(text).not.toContain(WEBHOOK_SECRET_VALUE);
    expect(text).toContain(WEBHOOK_SECRET_ARN);
  });

  it('outputs the function name and backlog queue URLs for replay and the runbook', () => {
    template.hasOutput('SiemForwarderFunctionName', { Value: { Ref: functionId } });
    template.hasOutput('SiemBacklogQueueUrls', Match.anyValue());
  });
});

describe('SIEM forwarder, not configured', () => {
  it('adds no forwarder, no backlog and no second stream reader', () => {
    // Prepare
    const { stack } = buildAuditStack(resolveAuditConfig(() => undefined), { bundle: false });
    // Act
    const template = Template.fromStack(stack);
    // Assess
    expect({
      fifo: Object.keys(template.findResources('AWS::SQS::Queue', { Properties: { FifoQueue: true } })).length,
      mappings: Object.keys(template.findResources('AWS::Lambda::EventSourceMapping')).length,
    }).toEqual({ fifo: 0, mappings: 1 });
  }, SYNTH_TIMEOUT_MS);
});
