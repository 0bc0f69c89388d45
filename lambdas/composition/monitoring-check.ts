/**
 * The monitoring drift check's wiring, shared by the verifier function and
 * `npm run verify -- --aws`: the target from the environment contract (or from the CLI's
 * options), the CloudWatch Logs and CloudWatch readers, and the check itself.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchAlarmState } from '../adapters/cloudwatch/cloudwatch-alarm-state';
import { CloudWatchLogsMonitoringState } from '../adapters/cloudwatch-logs/cloudwatch-logs-monitoring-state';
import { checkMonitoringDrift, type DriftFinding } from '../core/monitoring/monitoring-drift';
import type { MonitoringStateReader } from '../core/monitoring/monitoring-state';
import { expectedMonitoring, type MonitoringTarget } from '../core/monitoring/monitoring-expected';
import type { MonitoringRuleOptions } from '../core/monitoring/rules';
import { EnvironmentError, type EnvironmentOf } from './environment';
import type { MONITORING_CHECK_ENVIRONMENT } from './function-environments';

/** The monitoring check's variables, as an entry has read them. */
export type MonitoringCheckEnvironment = EnvironmentOf<typeof MONITORING_CHECK_ENVIRONMENT>;

/** The SDK clients the check reads with, built (and traced) by the entry. */
export interface MonitoringCheckClients {
  readonly logs: CloudWatchLogsClient;
  readonly cloudwatch: CloudWatchClient;
}

/** Runs the drift check once; an empty list means monitoring is as the code defines it. */
export type MonitoringCheck = () => Promise<DriftFinding[]>;

/** The deployed stack's monitoring, from the verifier's environment. */
export function monitoringTargetOf(env: MonitoringCheckEnvironment): MonitoringTarget {
  return {
    securityLogGroup: {
      name: env.SECURITY_LOG_GROUP,
      retentionDays: env.SECURITY_LOG_RETENTION_DAYS,
      kmsKeyArn: env.LOG_KEY_ARN,
    },
    alarmNamePrefix: env.ALARM_NAME_PREFIX,
    alarmTopicArn: env.ALARM_TOPIC_ARN,
    ruleOptions: ruleOptionsOf(env.MONITORING_RULE_OPTIONS),
  };
}

/** The monitoring rules' config from MONITORING_RULE_OPTIONS JSON; an EnvironmentError names the variable. */
export function ruleOptionsOf(json: string): MonitoringRuleOptions {
  const name = 'MONITORING_RULE_OPTIONS';
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new EnvironmentError(name, `environment variable ${name} must be JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new EnvironmentError(name, `environment variable ${name} must be a JSON object`);
  // monitoringRules validates the overrides themselves and names a bad one.
  return parsed as MonitoringRuleOptions;
}

/** Reads CloudWatch Logs and CloudWatch as one reader. */
export function awsMonitoringStateReader(clients: MonitoringCheckClients): MonitoringStateReader {
  const logs = new CloudWatchLogsMonitoringState(clients.logs);
  const alarms = new CloudWatchAlarmState(clients.cloudwatch);
  return {
    metricFilters: (group) => logs.metricFilters(group),
    logGroup: (name) => logs.logGroup(name),
    subscriptionFilters: (group) => logs.subscriptionFilters(group),
    alarms: (prefix) => alarms.alarms(prefix),
  };
}

/** The check against `target`, reading with `reader`; the expected state is derived once. */
export function buildMonitoringCheck(target: MonitoringTarget, reader: MonitoringStateReader): MonitoringCheck {
  const expected = expectedMonitoring(target);
  return () => checkMonitoringDrift(expected, reader);
}
