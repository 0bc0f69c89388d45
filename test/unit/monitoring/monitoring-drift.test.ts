/**
 * The monitoring drift check against CloudWatch Logs and CloudWatch fakes at the SDK
 * boundary: the clean shape (built from the same expected definition) has no findings,
 * and each way an intruder weakens monitoring is one named finding.
 */
import { describe, expect, it } from '@jest/globals';
import type { DriftFinding } from '../../../lambdas/core/monitoring/monitoring-drift';
import { expectedMonitoring } from '../../../lambdas/core/monitoring/monitoring-expected';
import { checkDeployed, TARGET, type DeployedMonitoring } from '../../fixtures/deployed-monitoring';

const expected = expectedMonitoring(TARGET);
const GROUP = TARGET.securityLogGroup.name;

const filterOf = (state: DeployedMonitoring, metricName: string) =>
  state.metricFilters.find((f) => f.metricTransformations?.[0]?.metricName === metricName);
const alarmOf = (state: DeployedMonitoring, name: string) =>
  state.alarms.find((a) => a.AlarmDescription?.includes(`] ${name}:`));
const summary = (findings: DriftFinding[]) => findings.map(({ code, subject }) => ({ code, subject }));

describe('monitoring drift check', () => {
  it('finds nothing when monitoring is as the rules define it', async () => {
    const { findings } = await checkDeployed();
    expect(findings).toEqual([]);
  });

  it('names a deleted metric filter', async () => {
    const { findings } = await checkDeployed((s) => {
      s.metricFilters = s.metricFilters.filter((f) => f !== filterOf(s, 'FailedLogins'));
    });
    expect(findings).toEqual([
      expect.objectContaining({ code: 'metric_filter_missing', subject: 'metric filter failed-logins', found: 'none' }),
    ]);
  });

  it('names a changed pattern, with the expected and found text', async () => {
    const { findings } = await checkDeployed((s) => {
      const filter = filterOf(s, 'AuditItemsTampered');
      if (filter) filter.filterPattern = '{ $.streamEvent = "NEVER" }';
    });
    const want = expected.metricFilters.find((f) => f.rule === 'audit-item-tampered')?.pattern;
    expect(findings).toEqual([
      {
        code: 'metric_filter_pattern_changed',
        subject: 'metric filter audit-item-tampered',
        expected: want,
        found: '{ $.streamEvent = "NEVER" }',
        message: expect.stringContaining('audit-item-tampered'),
      },
    ]);
  });

  it('names a changed metric transformation (a value of 0 counts nothing)', async () => {
    const { findings } = await checkDeployed((s) => {
      const transformation = filterOf(s, 'RoleChangesOutsideAllowList')?.metricTransformations?.[0];
      if (transformation) transformation.metricValue = '0';
    });
    expect(summary(findings)).toEqual([
      { code: 'metric_filter_transformation_changed', subject: 'metric filter role-change-outside-allow-list' },
    ]);
  });

  it('names a shortened retention', async () => {
    const { findings } = await checkDeployed((s) => {
      if (s.logGroups[0]) s.logGroups[0].retentionInDays = 1;
    });
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'log_group_retention_changed',
        subject: `log group ${GROUP}`,
        expected: '2557 days',
        found: '1 days',
      }),
    ]);
  });

  it('names a removed KMS key', async () => {
    const { findings } = await checkDeployed((s) => {
      if (s.logGroups[0]) delete s.logGroups[0].kmsKeyId;
    });
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'log_group_key_changed',
        expected: TARGET.securityLogGroup.kmsKeyArn,
        found: 'no KMS key',
      }),
    ]);
  });

  it('names a deleted log group', async () => {
    const { findings } = await checkDeployed((s) => {
      s.logGroups = [];
    });
    expect(summary(findings)).toEqual([{ code: 'log_group_missing', subject: `log group ${GROUP}` }]);
  });

  it('names an alarm whose actions were disabled', async () => {
    const { findings } = await checkDeployed((s) => {
      const alarm = alarmOf(s, 'failed-logins');
      if (alarm) alarm.ActionsEnabled = false;
    });
    expect(summary(findings)).toEqual([{ code: 'alarm_actions_disabled', subject: 'alarm failed-logins' }]);
  });

  it('names a deleted alarm', async () => {
    const { findings } = await checkDeployed((s) => {
      s.alarms = s.alarms.filter((a) => a !== alarmOf(s, 'integrity-failures'));
    });
    expect(summary(findings)).toEqual([{ code: 'alarm_missing', subject: 'alarm integrity-failures' }]);
  });

  it('names an alarm whose ALARM action was removed', async () => {
    const { findings } = await checkDeployed((s) => {
      const alarm = alarmOf(s, 'monitoring-drift');
      if (alarm) alarm.AlarmActions = [];
    });
    expect(findings).toEqual([
      expect.objectContaining({ code: 'alarm_actions_changed', subject: 'alarm monitoring-drift', found: '[]' }),
    ]);
  });

  it('names an alarm whose threshold was raised, with the expected and found settings', async () => {
    const { findings } = await checkDeployed((s) => {
      const alarm = alarmOf(s, 'failed-logins');
      if (alarm) alarm.Threshold = 1_000_000;
    });
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'alarm_settings_changed',
        subject: 'alarm failed-logins',
        expected: '1 periods, threshold 10, period 300 s, GreaterThanOrEqualToThreshold',
        found: '1 periods, threshold 1000000, period 300 s, GreaterThanOrEqualToThreshold',
      }),
    ]);
  });

  it('names an unexpected subscription filter and where it sends the lines', async () => {
    const destination = 'arn:aws:lambda:eu-west-1:210987654321:function:collector';
    const { findings } = await checkDeployed((s) => {
      s.subscriptionFilters = [
        { filterName: 'copy', logGroupName: GROUP, filterPattern: '', destinationArn: destination },
      ];
    });
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'subscription_filter_unexpected',
        subject: 'subscription filter copy',
        found: destination,
      }),
    ]);
  });
});
