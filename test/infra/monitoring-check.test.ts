/**
 * The monitoring drift check in the synthesized stack: what the CDK app deploys is exactly
 * what the check expects (one definition), the verifier gets the target through its
 * contract, and its CloudWatch permissions are read-only Describe calls.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Template } from 'aws-cdk-lib/assertions';
import { monitoringTargetOf, type MonitoringCheckEnvironment } from '../../lambdas/composition/monitoring-check';
import { expectedMonitoring, alarmNameOfDescription } from '../../lambdas/core/monitoring/monitoring-expected';
import { SERVICE_NAMES } from '../../lambdas/core/service-names';
import { DEFAULT_CONFIG, type AuditConfig } from '../../lib/config';
import {
  actionsOf,
  auditFunctionsOf,
  buildAuditStack,
  environmentOf,
  logicalIdOf,
  statementsOfRoleId,
  SYNTH_TIMEOUT_MS,
  TEST_CONFIG,
} from './audit-stack-fixture';

const CONFIG: AuditConfig = {
  ...TEST_CONFIG,
  monitoring: {
    ...DEFAULT_CONFIG.monitoring,
    roleGrantAllowList: ['idm-service'],
    ruleOverrides: { 'access-denied': { enabled: false } },
  },
};

type Resources = Record<string, { Properties: Record<string, unknown> }>;

describe('monitoring drift check in the stack', () => {
  let template: Template;
  let env: Record<string, unknown>;
  let verifierRoleId: string;
  beforeAll(() => {
    const { stack } = buildAuditStack(CONFIG, { bundle: false });
    template = Template.fromStack(stack);
    const verifier = auditFunctionsOf(stack).find(
      (fn) => environmentOf(template, fn).POWERTOOLS_SERVICE_NAME === SERVICE_NAMES.verifier,
    );
    if (!verifier) throw new Error('no verifier function');
    env = environmentOf(template, verifier);
    verifierRoleId = logicalIdOf(verifier.role);
  }, SYNTH_TIMEOUT_MS);

  /** The check's target as the verifier reads it; CloudFormation references stand in for the names. */
  const target = () =>
    monitoringTargetOf({
      ...(env as object),
      SECURITY_LOG_GROUP: 'security',
      LOG_KEY_ARN: 'key',
      ALARM_NAME_PREFIX: 'stack-',
      ALARM_TOPIC_ARN: 'topic',
    } as MonitoringCheckEnvironment);

  it('passes the verifier the rules config, the retention, and references to the group, key, topic and stack', () => {
    expect(JSON.parse(env.MONITORING_RULE_OPTIONS as string)).toEqual({
      roleGrantAllowList: ['idm-service'],
      overrides: { 'access-denied': { enabled: false } },
    });
    expect(env.SECURITY_LOG_RETENTION_DAYS).toBe(String(CONFIG.monitoring.securityLogRetentionDays));
    expect(env.SECURITY_LOG_GROUP).toEqual({ Ref: expect.any(String) });
    // CloudFormation's generated alarm names start with the stack name and a dash.
    expect(env.ALARM_NAME_PREFIX).toBe('AuditTest-');
  });

  it('deploys on the security log group exactly the metric filters the check expects', () => {
    // Prepare
    const group = env.SECURITY_LOG_GROUP;
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter') as Resources)
      .map((r) => r.Properties)
      .filter((p) => JSON.stringify(p.LogGroupName) === JSON.stringify(group));
    // Act
    const deployed = filters.map((p) => ({ pattern: p.FilterPattern, transformations: p.MetricTransformations }));
    // Assess
    const expected = expectedMonitoring(target()).metricFilters.map((f) => ({
      pattern: f.pattern,
      transformations: [
        {
          MetricNamespace: f.namespace,
          MetricName: f.metricName,
          MetricValue: f.metricValue,
          ...(Object.keys(f.dimensions).length > 0
            ? { Dimensions: Object.entries(f.dimensions).map(([Key, Value]) => ({ Key, Value })) }
            : {}),
        },
      ],
    }));
    expect(deployed).toEqual(expect.arrayContaining(expected));
    expect(deployed).toHaveLength(expected.length);
  });

  it('deploys an alarm for every alarm name the check expects', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources);
    const names = alarms.map((a) => alarmNameOfDescription(a.Properties.AlarmDescription as string));
    expect(names).toEqual(expect.arrayContaining(expectedMonitoring(target()).alarms.map((a) => a.name)));
    expect(names).not.toContain('access-denied');
  });

  it('deploys each expected alarm with the threshold, periods and comparison the check expects', () => {
    // Prepare
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources).map(
      (a) => a.Properties,
    );
    const byName = new Map(alarms.map((p) => [alarmNameOfDescription(p.AlarmDescription as string), p]));
    // Act
    const mismatched = expectedMonitoring(target()).alarms.filter((e) => {
      const p = byName.get(e.name);
      if (p?.EvaluationPeriods !== e.evaluationPeriods) return true;
      if (e.threshold === undefined) return false;
      return p.Threshold !== e.threshold || p.Period !== e.periodSeconds || p.ComparisonOperator !== e.comparison;
    });
    // Assess
    expect(mismatched).toEqual([]);
  });

  it('grants the verifier only read-only Describe calls on CloudWatch Logs and CloudWatch', () => {
    // Act
    const actions = statementsOfRoleId(template, verifierRoleId)
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('logs:') || a.startsWith('cloudwatch:'));
    // Assess
    expect(actions.filter((a) => !a.startsWith('logs:Create') && !a.startsWith('logs:Put')).sort()).toEqual([
      'cloudwatch:DescribeAlarms',
      'logs:DescribeLogGroups',
      'logs:DescribeMetricFilters',
      'logs:DescribeSubscriptionFilters',
    ]);
  });
});
