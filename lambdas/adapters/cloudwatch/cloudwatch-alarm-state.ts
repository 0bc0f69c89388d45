/** The CloudWatch half of the monitoring drift check's reader: the stack's metric alarms, every page read. */
import { DescribeAlarmsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { FoundAlarm, MonitoringStateReader } from '../../core/monitoring/monitoring-state';
import { allPages } from '../all-pages';

/** Reads the metric alarms whose names start with a prefix (the stack name). */
export class CloudWatchAlarmState implements Pick<MonitoringStateReader, 'alarms'> {
  constructor(private readonly client: CloudWatchClient) {}

  async alarms(namePrefix: string): Promise<FoundAlarm[]> {
    const alarms = await allPages(async (token) => {
      const page = await this.client.send(
        new DescribeAlarmsCommand({
          AlarmNamePrefix: namePrefix,
          AlarmTypes: ['MetricAlarm'],
          ...(token ? { NextToken: token } : {}),
        }),
      );
      return { items: page.MetricAlarms ?? [], ...(page.NextToken ? { next: page.NextToken } : {}) };
    });
    return alarms.map((a) => ({
      alarmName: a.AlarmName ?? '',
      ...(a.AlarmDescription !== undefined ? { description: a.AlarmDescription } : {}),
      actionsEnabled: a.ActionsEnabled ?? false,
      alarmActions: a.AlarmActions ?? [],
      okActions: a.OKActions ?? [],
      ...(a.EvaluationPeriods !== undefined ? { evaluationPeriods: a.EvaluationPeriods } : {}),
      ...(a.Threshold !== undefined ? { threshold: a.Threshold } : {}),
      ...(a.Period !== undefined ? { periodSeconds: a.Period } : {}),
      ...(a.ComparisonOperator !== undefined ? { comparison: a.ComparisonOperator } : {}),
    }));
  }
}
