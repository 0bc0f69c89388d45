/**
 * The monitoring drift check's requests at the SDK boundary: exactly the four Describe
 * calls, on the security log group and the stack's alarm prefix, following every page.
 */
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  DescribeSubscriptionFiltersCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from '@jest/globals';
import { expectedMonitoring } from '../../../lambdas/core/monitoring/monitoring-expected';
import { checkDeployed, PAGE_SIZE, TARGET } from '../../fixtures/deployed-monitoring';

const expected = expectedMonitoring(TARGET);
const GROUP = TARGET.securityLogGroup.name;

describe('monitoring drift check requests', () => {
  it('sends exactly the describe requests, following every page', async () => {
    // Act
    const { logs, cloudwatch } = await checkDeployed();
    // Assess
    const filterPages = Math.ceil(expected.metricFilters.length / PAGE_SIZE);
    expect(logs.commandCalls(DescribeMetricFiltersCommand).map((c) => c.args[0].input)).toEqual(
      Array.from({ length: filterPages }, (_, i) => ({
        logGroupName: GROUP,
        ...(i > 0 ? { nextToken: String(i * PAGE_SIZE) } : {}),
      })),
    );
    expect(logs.commandCalls(DescribeLogGroupsCommand).map((c) => c.args[0].input)).toEqual([
      { logGroupNamePrefix: GROUP },
    ]);
    expect(logs.commandCalls(DescribeSubscriptionFiltersCommand).map((c) => c.args[0].input)).toEqual([
      { logGroupName: GROUP },
    ]);
    const alarmPages = Math.ceil(expected.alarms.length / PAGE_SIZE);
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input)).toEqual(
      Array.from({ length: alarmPages }, (_, i) => ({
        AlarmNamePrefix: 'DmisAudit-dev-',
        AlarmTypes: ['MetricAlarm'],
        ...(i > 0 ? { NextToken: String(i * PAGE_SIZE) } : {}),
      })),
    );
  });
});
