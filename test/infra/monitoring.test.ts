/**
 * Detection in the synthesized stack: stream processor wiring, security log group,
 * metric filters and alarms generated from the monitoring rules, alarm topic, dashboard
 * and Contributor Insights. One synthesis, shared by every assertion.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { renderFilterPattern } from '../../lambdas/core/monitoring/filter-pattern';
import { AUDIT_METRIC_PUBLISHERS } from '../../lambdas/core/monitoring/rule-types';
import { logRules, monitoringRules } from '../../lambdas/core/monitoring/rules';
import { DEFAULT_CONFIG, type AuditConfig } from '../../lib/config';
import type { AuditFunction } from '../../lib/constructs/audit-function';
import { auditFunctionsOf, buildAuditStack, logicalIdOf, SYNTH_TIMEOUT_MS, TEST_CONFIG } from './audit-stack-fixture';

const CONFIG: AuditConfig = {
  ...TEST_CONFIG,
  alarmEmails: ['secops@example.gov'],
  monitoring: {
    ...DEFAULT_CONFIG.monitoring,
    roleGrantAllowList: ['idm-service'],
    wafRateLimit: 777,
    ruleOverrides: { 'failed-logins': { threshold: 15 } },
  },
};
const RULES = monitoringRules({
  roleGrantAllowList: ['idm-service'],
  overrides: { 'failed-logins': { threshold: 15 } },
});

describe('detection resources', () => {
  let template: Template;
  let functions: AuditFunction[];
  beforeAll(() => {
    const { stack } = buildAuditStack(CONFIG);
    template = Template.fromStack(stack);
    functions = auditFunctionsOf(stack);
  }, SYNTH_TIMEOUT_MS);

  it('feeds the stream processor from the table stream with bisect, bounded retries and age, partial failures and an on-failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuditTable'), 'StreamArn'] },
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('FailureQueue'), 'Arn'] } },
      },
    });
  });

  it('encrypts the on-failure queue with KMS', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
  });

  it('keeps the security log group encrypted for ten years', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 3653, KmsKeyId: Match.anyValue() });
  });

  it('keeps detector counters in a TTL table of their own', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAtEpoch', Enabled: true },
    });
  });

  it('encrypts the alarm topic with KMS and subscribes the configured email', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'secops@example.gov' });
  });

  it.each(logRules(RULES).map((r) => [r.name, r] as const))(
    'has a dimensionless metric filter for rule %s with the rendered pattern',
    (_name, rule) => {
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: renderFilterPattern(rule.pattern),
        MetricTransformations: [
          Match.objectEquals({ MetricNamespace: 'DMIS/Audit', MetricName: rule.metricName, MetricValue: '1' }),
        ],
      });
    },
  );

  it('applies config overrides to alarm thresholds', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('failed-logins'),
      Threshold: 15,
    });
  });

  it('gives every rule an alarm, per function for the function rules', () => {
    const perFunction = RULES.filter((r) => r.name === 'lambda-errors' || r.name === 'lambda-throttles').length;
    template.resourceCountIs('AWS::CloudWatch::Alarm', RULES.length - perFunction + perFunction * functions.length);
  });

  it('alarms on errors and throttles of every audit function, the sealer and verifier included', () => {
    const alarmed = (metricName: string) =>
      Object.values(
        template.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'AWS/Lambda', MetricName: metricName } }),
      )
        .map((a) => JSON.stringify((a as { Properties: { Dimensions: unknown } }).Properties.Dimensions))
        .sort();
    const expected = functions
      .map((f) => JSON.stringify([{ Name: 'FunctionName', Value: { Ref: logicalIdOf(f.function) } }]))
      .sort();

    expect([alarmed('Errors'), alarmed('Throttles')]).toEqual([expected, expected]);
  });

  it('sends ALARM and OK of every alarm to the alarm topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: Record<string, unknown[]>;
    }[];
    const withBoth = alarms.filter(
      (a) => a.Properties.AlarmActions?.length === 1 && a.Properties.OKActions?.length === 1,
    );
    expect(withBoth).toHaveLength(alarms.length);
  });

  it('has an anomaly-detection alarm on the record change volume', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ComparisonOperator: 'GreaterThanUpperThreshold',
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'ANOMALY_DETECTION_BAND(m0, 3)' })]),
    });
  });

  it.each(Object.entries(AUDIT_METRIC_PUBLISHERS))(
    'alarms on %s with the service dimension Powertools adds',
    (metricName, service) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'DMIS/Audit',
        MetricName: metricName,
        Dimensions: [{ Name: 'service', Value: service }],
      });
    },
  );

  it('alarms on WAF blocked requests of the web ACL', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/WAFV2', MetricName: 'BlockedRequests' });
  });

  it('passes the configured rate limit to the WAF rate-based rule', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 777 }) } }),
      ]),
    });
  });

  it('has two Contributor Insights rules over the security log', () => {
    const rules = Object.values(template.findResources('AWS::CloudWatch::InsightRule')) as {
      Properties: { RuleBody: unknown };
    }[];
    const keys = rules
      .map((r) => JSON.stringify(r.Properties.RuleBody).match(/\$\.(sourceIp|actorUserId)/)?.[1])
      .sort();
    expect(keys).toEqual(['actorUserId', 'sourceIp']);
  });

  it('has a dashboard', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
