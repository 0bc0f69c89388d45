/**
 * The monitoring the stack deploys, as data: the metric filters, log groups, alarms and
 * subscription filters the CDK app renders from the monitoring rules (lib/constructs/
 * monitoring.ts), derived here from the same rules so the drift check (monitoring-drift.ts)
 * compares what is deployed with what the code defines, not with a second copy of it.
 */
import { OPTIONAL_FUNCTIONS, SERVICE_NAMES } from '../service-names';
import { renderFilterPattern } from './filter-pattern';
import type { MonitoringRule } from './rule-types';
import { MONITORING_NAMESPACE, RECORD_CHANGE_PATTERN, type MonitoringRuleOptions, monitoringRules } from './rules';

/** Metric of the per-record-type change count (dimension RecordType: the six DMIS record types). */
export const RECORD_CHANGES_BY_TYPE = 'DmisRecordChangesByType';

/** One metric filter as deployed: its rule, exact pattern text and metric transformation. */
export interface ExpectedMetricFilter {
  /** The rule it renders, or `record-changes-by-type` for the dashboard's split. */
  readonly rule: string;
  readonly pattern: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly metricValue: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** A log group and the retention and KMS key it must keep. */
export interface ExpectedLogGroup {
  readonly name: string;
  readonly retentionDays: number;
  readonly kmsKeyArn: string;
}

/**
 * An alarm and the settings that decide when it fires: raising a threshold or lengthening
 * a period blinds an alarm as surely as disabling it. The anomaly band's width lives in its
 * metric expression, so only its evaluation periods are compared.
 */
export interface ExpectedAlarm {
  /** As its description gives it (`[severity] <name>: ...`). */
  readonly name: string;
  readonly evaluationPeriods: number;
  /** Absent for the anomaly-detection alarm. */
  readonly threshold?: number;
  readonly periodSeconds?: number;
  readonly comparison?: string;
}

/** What the deployed stack's names and settings are; the CDK app passes them to the checker. */
export interface MonitoringTarget {
  /** The stream processor's log group, where the metric filters live. */
  readonly securityLogGroup: ExpectedLogGroup;
  /** CloudFormation names alarms `<stack name>-<logical id>-<suffix>`: the stack name and a dash. */
  readonly alarmNamePrefix: string;
  /** Where every alarm sends its ALARM and OK notifications. */
  readonly alarmTopicArn: string;
  /** The config the rules were rendered with (allow-list, overrides). */
  readonly ruleOptions: MonitoringRuleOptions;
}

/** Everything the drift check expects to find. */
export interface ExpectedMonitoring {
  readonly securityLogGroupName: string;
  readonly metricFilters: readonly ExpectedMetricFilter[];
  readonly logGroups: readonly ExpectedLogGroup[];
  readonly alarms: readonly ExpectedAlarm[];
  readonly alarmNamePrefix: string;
  readonly alarmTopicArn: string;
  /** No subscription filter is deployed: any one would copy security lines somewhere. */
  readonly subscriptionFilterNames: readonly string[];
}

/** Rules whose alarms are per function, suffixed with the function key (monitoring.ts, pipeline-metrics.ts). */
const PER_FUNCTION_SIGNALS = new Set(['lambdaErrors', 'lambdaThrottles']);

/** The expected monitoring of a deployed stack. */
export function expectedMonitoring(target: MonitoringTarget): ExpectedMonitoring {
  const rules = monitoringRules(target.ruleOptions);
  return {
    securityLogGroupName: target.securityLogGroup.name,
    metricFilters: expectedMetricFilters(rules),
    logGroups: [target.securityLogGroup],
    alarms: expectedAlarms(rules),
    alarmNamePrefix: target.alarmNamePrefix,
    alarmTopicArn: target.alarmTopicArn,
    subscriptionFilterNames: [],
  };
}

/** One metric filter per log rule, and the record-type split, exactly as rendered. */
export function expectedMetricFilters(rules: readonly MonitoringRule[]): ExpectedMetricFilter[] {
  const base = { namespace: MONITORING_NAMESPACE, metricValue: '1' };
  const filters: ExpectedMetricFilter[] = rules.flatMap((rule) =>
    rule.source === 'log'
      ? [
          {
            ...base,
            rule: rule.name,
            pattern: renderFilterPattern(rule.pattern),
            metricName: rule.metricName,
            dimensions: {},
          },
        ]
      : [],
  );
  filters.push({
    ...base,
    rule: 'record-changes-by-type',
    pattern: renderFilterPattern(RECORD_CHANGE_PATTERN),
    metricName: RECORD_CHANGES_BY_TYPE,
    dimensions: { RecordType: '$.recordType' },
  });
  return filters;
}

/** One alarm per rule, one per audit function for the per-function pipeline rules. */
export function expectedAlarms(rules: readonly MonitoringRule[]): ExpectedAlarm[] {
  return rules.flatMap((rule) => {
    const settings =
      rule.source === 'anomaly'
        ? { evaluationPeriods: rule.evaluationPeriods }
        : {
            evaluationPeriods: rule.evaluationPeriods,
            threshold: rule.threshold,
            periodSeconds: rule.periodMinutes * 60,
            comparison: rule.comparison,
          };
    const perFunction =
      rule.source === 'metric' && rule.metric.kind === 'pipeline' && PER_FUNCTION_SIGNALS.has(rule.metric.signal);
    const names = perFunction ? alwaysDeployed().map((key) => `${rule.name}-${key}`) : [rule.name];
    return names.map((name) => ({ name, ...settings }));
  });
}

/** The alarm name a description carries (`[high] failed-logins: ...`), or undefined. */
export function alarmNameOfDescription(description: string | undefined): string | undefined {
  return /^\[[a-z]+\] ([a-zA-Z0-9-]+):/.exec(description ?? '')?.[1];
}

/** The function keys every deployment has: the per-function alarms are made for these. */
function alwaysDeployed(): string[] {
  const optional: readonly string[] = OPTIONAL_FUNCTIONS;
  return Object.keys(SERVICE_NAMES).filter((key) => !optional.includes(key));
}
