/**
 * Turns the monitoring rules (lambdas/core/monitoring/rules.ts) into CloudWatch: a metric
 * filter per log rule on the security log group, an alarm per rule (one per function for
 * the per-function rules), an anomaly-detection alarm, all with ALARM and OK actions to
 * the alarm topic. Metric filters have no dimensions except the bounded record type.
 */
import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { renderFilterPattern } from '../../lambdas/core/monitoring/filter-pattern';
import { AUDIT_METRIC_PUBLISHERS, type LogRule, type MonitoringRule } from '../../lambdas/core/monitoring/rule-types';
import { RECORD_CHANGES_BY_TYPE } from '../../lambdas/core/monitoring/monitoring-expected';
import { MONITORING_NAMESPACE, RECORD_CHANGE_PATTERN } from '../../lambdas/core/monitoring/rules';
import { pipelineMetrics, type PipelineResources } from './pipeline-metrics';

export type { PipelineResources } from './pipeline-metrics';

/** Props of {@link AuditMonitoring}. */
export interface AuditMonitoringProps {
  readonly rules: readonly MonitoringRule[];
  /** The stream processor's security log group. */
  readonly securityLogGroup: logs.ILogGroup;
  readonly alarmTopic: sns.ITopic;
  readonly pipeline: PipelineResources;
}

// Defined with the expected monitoring the drift check compares against: one name for both.
export { RECORD_CHANGES_BY_TYPE } from '../../lambdas/core/monitoring/monitoring-expected';

/** Metric filters and alarms for every rule. */
export class AuditMonitoring extends Construct {
  /** Every alarm, keyed by rule name (suffixed with the function key for per-function rules). */
  public readonly alarms: Readonly<Record<string, cw.Alarm>>;
  /** The metric each log rule publishes, by rule name. */
  public readonly logMetrics: Readonly<Record<string, cw.Metric>>;

  constructor(scope: Construct, id: string, props: AuditMonitoringProps) {
    super(scope, id);
    if (props.rules.length === 0) throw new Error('AuditMonitoring: rules must not be empty');
    const logMetrics: Record<string, cw.Metric> = {};
    const alarms: Record<string, cw.Alarm> = {};
    for (const rule of props.rules.filter((r): r is LogRule => r.source === 'log'))
      logMetrics[rule.name] = this.metricFilter(rule, props.securityLogGroup);
    this.recordTypeFilter(props.securityLogGroup);
    for (const rule of props.rules) {
      for (const [key, metric] of Object.entries(this.metricsOf(rule, logMetrics, props.pipeline))) {
        const name = key === '' ? rule.name : `${rule.name}-${key}`;
        alarms[name] = this.alarm(name, rule, metric, props.alarmTopic);
      }
    }
    this.logMetrics = logMetrics;
    this.alarms = alarms;
  }

  private metricFilter(rule: LogRule, logGroup: logs.ILogGroup): cw.Metric {
    const filter = new logs.MetricFilter(this, `Filter-${rule.name}`, {
      logGroup,
      filterPattern: logs.FilterPattern.literal(renderFilterPattern(rule.pattern)),
      metricNamespace: MONITORING_NAMESPACE,
      metricName: rule.metricName,
      metricValue: '1',
    });
    return filter.metric({ statistic: 'Sum', period: Duration.minutes(rule.periodMinutes) });
  }

  /** Change volume split by record type for the dashboard; RecordType only ever holds the six DMIS types. */
  private recordTypeFilter(logGroup: logs.ILogGroup): void {
    new logs.MetricFilter(this, 'Filter-record-changes-by-type', {
      logGroup,
      filterPattern: logs.FilterPattern.literal(renderFilterPattern(RECORD_CHANGE_PATTERN)),
      metricNamespace: MONITORING_NAMESPACE,
      metricName: RECORD_CHANGES_BY_TYPE,
      metricValue: '1',
      dimensions: { RecordType: '$.recordType' },
    });
  }

  /** The metric(s) a rule alarms on, keyed '' or by function key for per-function rules. */
  private metricsOf(
    rule: MonitoringRule,
    logMetrics: Record<string, cw.Metric>,
    pipeline: PipelineResources,
  ): Record<string, cw.IMetric> {
    const period = Duration.minutes(rule.periodMinutes);
    if (rule.source === 'log' || rule.source === 'anomaly') {
      const metric = logMetrics[rule.source === 'log' ? rule.name : rule.ofRule];
      if (!metric) throw new Error(`AuditMonitoring: rule ${rule.name} refers to a log rule that is not enabled`);
      return { '': metric.with({ period }) };
    }
    if (rule.metric.kind === 'audit') {
      const dimensionsMap = { service: AUDIT_METRIC_PUBLISHERS[rule.metric.name] };
      return {
        '': new cw.Metric({
          namespace: MONITORING_NAMESPACE,
          metricName: rule.metric.name,
          dimensionsMap,
          statistic: rule.statistic,
          period,
        }),
      };
    }
    return pipelineMetrics(rule.metric.signal, rule, pipeline);
  }

  private alarm(name: string, rule: MonitoringRule, metric: cw.IMetric, topic: sns.ITopic): cw.Alarm {
    const common = {
      alarmDescription: `[${rule.severity}] ${name}: ${rule.meaning} Runbook: MONITORING.md#${rule.name}`,
      evaluationPeriods: rule.evaluationPeriods,
      // No lines or no failures in a period means zero, not "unknown".
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
    };
    const alarm =
      rule.source === 'anomaly'
        ? new cw.AnomalyDetectionAlarm(this, `Alarm-${name}`, {
            ...common,
            metric,
            stdDevs: rule.threshold,
            comparisonOperator: cw.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
          })
        : new cw.Alarm(this, `Alarm-${name}`, {
            ...common,
            metric,
            threshold: rule.threshold,
            comparisonOperator: comparisonOf(rule.comparison),
          });
    alarm.addAlarmAction(new SnsAction(topic));
    alarm.addOkAction(new SnsAction(topic));
    return alarm;
  }
}

function comparisonOf(comparison: MonitoringRule['comparison']): cw.ComparisonOperator {
  return comparison === 'GreaterThanThreshold'
    ? cw.ComparisonOperator.GREATER_THAN_THRESHOLD
    : cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
}
