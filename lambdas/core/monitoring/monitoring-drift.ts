/**
 * The monitoring drift check: compares the monitoring the code defines
 * (monitoring-expected.ts) with what CloudWatch holds, and names every difference. An
 * intruder who wants to act unseen deletes a metric filter, shortens a log group's
 * retention or disables an alarm first, so a difference is an integrity finding.
 */
import {
  alarmNameOfDescription,
  type ExpectedAlarm,
  type ExpectedLogGroup,
  type ExpectedMetricFilter,
  type ExpectedMonitoring,
} from './monitoring-expected';
import type { FoundAlarm, FoundLogGroup, FoundMetricFilter, MonitoringStateReader } from './monitoring-state';

/** Drift codes, a closed set: each names one way monitoring can be weakened. */
export type DriftCode =
  | 'metric_filter_missing'
  | 'metric_filter_pattern_changed'
  | 'metric_filter_transformation_changed'
  | 'log_group_missing'
  | 'log_group_retention_changed'
  | 'log_group_key_changed'
  | 'alarm_missing'
  | 'alarm_actions_disabled'
  | 'alarm_actions_changed'
  | 'alarm_settings_changed'
  | 'subscription_filter_unexpected';

/** One difference: what (a filter's rule, an alarm, a log group), expected vs found. */
export interface DriftFinding {
  readonly code: DriftCode;
  readonly subject: string;
  readonly expected: string;
  readonly found: string;
  readonly message: string;
}

/** Reads the deployed monitoring and returns every difference from `expected`; none means intact. */
export async function checkMonitoringDrift(
  expected: ExpectedMonitoring,
  reader: MonitoringStateReader,
): Promise<DriftFinding[]> {
  const group = expected.securityLogGroupName;
  const [filters, groups, subscriptions, alarms] = await Promise.all([
    reader.metricFilters(group),
    Promise.all(expected.logGroups.map((g) => reader.logGroup(g.name))),
    reader.subscriptionFilters(group),
    reader.alarms(expected.alarmNamePrefix),
  ]);
  return [
    ...expected.metricFilters.flatMap((e) => metricFilterDrift(e, filters)),
    ...expected.logGroups.flatMap((e, i) => logGroupDrift(e, groups[i])),
    ...alarmDrift(expected, alarms),
    ...subscriptions
      .filter((s) => !expected.subscriptionFilterNames.includes(s.filterName))
      .map((s) =>
        finding('subscription_filter_unexpected', `subscription filter ${s.filterName}`, 'none', s.destinationArn),
      ),
  ];
}

function finding(code: DriftCode, subject: string, expected: string, found: string): DriftFinding {
  return { code, subject, expected, found, message: `${subject}: ${code}, expected ${expected}, found ${found}` };
}

/** Filters are matched by the metric they publish: CloudFormation generates their names. */
function metricFilterDrift(e: ExpectedMetricFilter, found: readonly FoundMetricFilter[]): DriftFinding[] {
  const subject = `metric filter ${e.rule}`;
  const publishing = found.filter((f) =>
    f.transformations.some((t) => t.namespace === e.namespace && t.metricName === e.metricName),
  );
  if (publishing.length === 0)
    return [finding('metric_filter_missing', subject, `${e.namespace}/${e.metricName}`, 'none')];
  const drift: DriftFinding[] = [];
  for (const f of publishing) {
    if (f.pattern !== e.pattern) drift.push(finding('metric_filter_pattern_changed', subject, e.pattern, f.pattern));
    const want = transformationText(e);
    const got = f.transformations.map(transformationText).join('; ');
    if (f.transformations.length !== 1 || got !== want)
      drift.push(finding('metric_filter_transformation_changed', subject, want, got));
  }
  return drift;
}

function transformationText(t: Omit<ExpectedMetricFilter, 'rule' | 'pattern'>): string {
  const dimensions = Object.entries(t.dimensions).sort(([a], [b]) => a.localeCompare(b));
  return `${t.namespace}/${t.metricName} value ${t.metricValue} dimensions ${JSON.stringify(dimensions)}`;
}

function logGroupDrift(e: ExpectedLogGroup, found: FoundLogGroup | undefined): DriftFinding[] {
  const subject = `log group ${e.name}`;
  if (!found) return [finding('log_group_missing', subject, 'present', 'none')];
  const drift: DriftFinding[] = [];
  if (found.retentionDays !== e.retentionDays)
    drift.push(
      finding('log_group_retention_changed', subject, `${e.retentionDays} days`, daysText(found.retentionDays)),
    );
  if (found.kmsKeyArn !== e.kmsKeyArn)
    drift.push(finding('log_group_key_changed', subject, e.kmsKeyArn, found.kmsKeyArn ?? 'no KMS key'));
  return drift;
}

const daysText = (days: number | undefined): string => (days === undefined ? 'never expire' : `${days} days`);

function alarmDrift(expected: ExpectedMonitoring, alarms: readonly FoundAlarm[]): DriftFinding[] {
  const byName = new Map(alarms.map((a) => [alarmNameOfDescription(a.description), a]));
  const topic = expected.alarmTopicArn;
  return expected.alarms.flatMap((e) => {
    const subject = `alarm ${e.name}`;
    const alarm = byName.get(e.name);
    if (!alarm) return [finding('alarm_missing', subject, `an alarm named ${expected.alarmNamePrefix}*`, 'none')];
    const drift: DriftFinding[] = [];
    if (!alarm.actionsEnabled)
      drift.push(finding('alarm_actions_disabled', subject, 'actions enabled', 'actions disabled'));
    for (const [kind, actions] of [
      ['ALARM', alarm.alarmActions],
      ['OK', alarm.okActions],
    ] as const) {
      if (actions.length !== 1 || actions[0] !== topic)
        drift.push(finding('alarm_actions_changed', subject, `${kind} actions [${topic}]`, `[${actions.join(', ')}]`));
    }
    const want = settingsText(e);
    const got = settingsText({ ...alarm, evaluationPeriods: alarm.evaluationPeriods ?? 0 }, e);
    if (got !== want) drift.push(finding('alarm_settings_changed', subject, want, got));
    return drift;
  });
}

/** The settings `shape` names (all of an expected alarm's), as text, e.g. `GreaterThanOrEqualToThreshold 10, 1 × 300 s`. */
function settingsText(s: Omit<ExpectedAlarm, 'name'>, shape: Omit<ExpectedAlarm, 'name'> = s): string {
  const parts = [`${s.evaluationPeriods} periods`];
  if (shape.threshold !== undefined) parts.push(`threshold ${s.threshold ?? 'none'}`);
  if (shape.periodSeconds !== undefined) parts.push(`period ${s.periodSeconds ?? 'none'} s`);
  if (shape.comparison !== undefined) parts.push(s.comparison ?? 'no comparison');
  return parts.join(', ');
}
