/**
 * `npm run verify -- --aws`'s monitoring part: the target from the environment contract,
 * CloudWatch faked at the SDK boundary, one printed line per finding and the verdict.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { checkDeployedMonitoring } from '../../../bin/monitoring-drift-check';
import { expectedMonitoring } from '../../../lambdas/core/monitoring/monitoring-expected';
import { deployedMonitoringOf, serveDeployedMonitoring, TARGET } from '../../fixtures/deployed-monitoring';

/** The verifier's variables for TARGET, as `aws lambda get-function-configuration` would show them. */
const ENV = {
  SECURITY_LOG_GROUP: TARGET.securityLogGroup.name,
  SECURITY_LOG_RETENTION_DAYS: String(TARGET.securityLogGroup.retentionDays),
  LOG_KEY_ARN: TARGET.securityLogGroup.kmsKeyArn,
  ALARM_NAME_PREFIX: TARGET.alarmNamePrefix,
  ALARM_TOPIC_ARN: TARGET.alarmTopicArn,
  MONITORING_RULE_OPTIONS: JSON.stringify(TARGET.ruleOptions),
};
const clients = () => ({
  logs: new CloudWatchLogsClient({ region: 'eu-west-1' }),
  cloudwatch: new CloudWatchClient({ region: 'eu-west-1' }),
});

let printed: string[];
beforeEach(() => {
  printed = [];
  jest.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('verify --aws monitoring check', () => {
  it('passes and says so when monitoring is as defined', async () => {
    serveDeployedMonitoring(deployedMonitoringOf(expectedMonitoring(TARGET)));
    await expect(checkDeployedMonitoring(ENV, clients())).resolves.toBe(true);
    expect(printed).toEqual([expect.stringMatching(/^OK: monitoring/)]);
  });

  it('fails and prints the finding when an alarm lost its actions', async () => {
    // Prepare
    const state = deployedMonitoringOf(expectedMonitoring(TARGET));
    const alarm = state.alarms.find((a) => a.AlarmDescription?.includes('] seal-lag:'));
    if (alarm) alarm.ActionsEnabled = false;
    serveDeployedMonitoring(state);
    // Act
    const ok = await checkDeployedMonitoring(ENV, clients());
    // Assess
    expect(ok).toBe(false);
    expect(printed).toEqual([
      'DRIFT alarm_actions_disabled                 alarm seal-lag: expected actions enabled, found actions disabled',
      'FAILED: 1 monitoring drift findings',
    ]);
  });

  it('names a missing variable before calling AWS', async () => {
    const { logs } = serveDeployedMonitoring(deployedMonitoringOf(expectedMonitoring(TARGET)));
    await expect(checkDeployedMonitoring({ ...ENV, ALARM_TOPIC_ARN: undefined }, clients())).rejects.toThrow(
      /ALARM_TOPIC_ARN/,
    );
    expect(logs.calls()).toHaveLength(0);
  });

  it('names a MONITORING_RULE_OPTIONS that is not JSON', async () => {
    await expect(checkDeployedMonitoring({ ...ENV, MONITORING_RULE_OPTIONS: '{oops' }, clients())).rejects.toThrow(
      /MONITORING_RULE_OPTIONS must be JSON/,
    );
  });
});
