/**
 * The monitoring rules, defined once. CDK and the local runtime both call
 * `monitoringRules(options)`; typed config supplies the role-grant allow-list and the
 * per-rule overrides. No rule has a dimension on actor, IP or any other unbounded value:
 * "who" is answered by Contributor Insights and the log lines, not by metric cardinality.
 */
import { DMIS_RECORD_TYPES } from '../catalogue';
import { all, any, eq, ne, type FilterPattern } from './filter-pattern';
import type { LogRule, MonitoringRule, RuleOverride } from './rule-types';
import { SECURITY_LOG_TYPE } from './security-line';

/** CloudWatch namespace of the security-line metrics and of the sealer/verifier metrics. */
export const MONITORING_NAMESPACE = 'DMIS/Audit';

/** New events only: a MODIFY or REMOVE line must not count as a login failure, however it looks. */
const newEvent = (...patterns: FilterPattern[]): FilterPattern =>
  all(eq('logType', SECURITY_LOG_TYPE), eq('streamEvent', 'INSERT'), ...patterns);

const ROLE_CHANGE = eq('eventType', 'authz.role.*');

/** Event types whose contributors (source IP, user) Contributor Insights ranks. */
export const FAILURE_EVENT_TYPES = ['auth.login.failure', 'authz.access.denied'] as const;

/** Pattern of one creation or update of the six audited DMIS record types. */
export const RECORD_CHANGE_PATTERN: FilterPattern = newEvent(
  any(...DMIS_RECORD_TYPES.flatMap((type) => [eq('eventType', `${type}.create`), eq('eventType', `${type}.update`)])),
);

/** Options the rules take from typed config. */
export interface MonitoringRuleOptions {
  /** Actor userIds allowed to grant or revoke roles (the identity-admin service). @default none: every change alarms */
  readonly roleGrantAllowList?: readonly string[];
  /** Per-rule changes, keyed by rule name. */
  readonly overrides?: Readonly<Record<string, RuleOverride>>;
}

const log = (rule: Omit<LogRule, 'source' | 'comparison' | 'evaluationPeriods'>): LogRule => ({
  source: 'log', comparison: 'GreaterThanOrEqualToThreshold', evaluationPeriods: 1, ...rule,
});

function securityRules(allowList: readonly string[]): MonitoringRule[] {
  return [
    log({ name: 'failed-logins', metricName: 'FailedLogins', severity: 'high', periodMinutes: 5, threshold: 10,
      meaning: 'Many failed logins: password guessing or credential stuffing against DMIS accounts.',
      pattern: newEvent(eq('eventType', FAILURE_EVENT_TYPES[0])) }),
    log({ name: 'access-denied', metricName: 'AccessDenied', severity: 'medium', periodMinutes: 5, threshold: 20,
      meaning: 'Many denied requests: someone is probing routes or records their role does not allow.',
      pattern: newEvent(eq('eventType', FAILURE_EVENT_TYPES[1])) }),
    log({ name: 'role-change-outside-allow-list', metricName: 'RoleChangesOutsideAllowList', severity: 'critical', periodMinutes: 5, threshold: 1,
      meaning: 'A role or privilege was granted or revoked by someone who is not an approved identity administrator.',
      pattern: newEvent(ROLE_CHANGE, ...allowList.map((userId) => ne('actorUserId', userId))) }),
    log({ name: 'privilege-and-account-changes', metricName: 'PrivilegeAndAccountChanges', severity: 'high', periodMinutes: 15, threshold: 5,
      meaning: 'An unusual number of role grants, revocations or account changes: possible privilege escalation or takeover.',
      pattern: newEvent(any(ROLE_CHANGE, eq('category', 'account'))) }),
    log({ name: 'record-change-volume', metricName: 'DmisRecordChanges', severity: 'high', periodMinutes: 15, threshold: 500,
      meaning: 'More donation, intake, transfer, relief or dispatch changes than a normal busy period: bulk tampering or a runaway client.',
      pattern: RECORD_CHANGE_PATTERN }),
    { source: 'anomaly', name: 'record-change-anomaly', ofRule: 'record-change-volume', severity: 'medium', periodMinutes: 15,
      evaluationPeriods: 2, threshold: 3, comparison: 'GreaterThanUpperThreshold',
      meaning: 'Record changes are far above what is usual for this time of day and week.' },
    log({ name: 'audit-item-tampered', metricName: 'AuditItemsTampered', severity: 'critical', periodMinutes: 1, threshold: 1,
      meaning: 'An audit item was modified or removed other than by TTL expiry: the append-only guarantee was broken.',
      pattern: all(eq('logType', SECURITY_LOG_TYPE), any(eq('streamEvent', 'MODIFY'), all(eq('streamEvent', 'REMOVE'), ne('removedBy', 'ttl')))) }),
  ];
}

const metric = (rule: Omit<Extract<MonitoringRule, { source: 'metric' }>, 'source' | 'comparison' | 'evaluationPeriods'> & { evaluationPeriods?: number }): MonitoringRule => ({
  source: 'metric', comparison: 'GreaterThanOrEqualToThreshold', evaluationPeriods: 1, ...rule,
});

function integrityAndPipelineRules(): MonitoringRule[] {
  return [
    metric({ name: 'integrity-failures', metric: { kind: 'audit', name: 'IntegrityFailures' }, statistic: 'Sum', severity: 'critical', periodMinutes: 5, threshold: 1,
      meaning: 'The verifier found an altered, missing or inserted event or block.' }),
    metric({ name: 'seal-lag', metric: { kind: 'audit', name: 'SealLagSeconds' }, statistic: 'Maximum', severity: 'high', periodMinutes: 5, threshold: 300,
      meaning: 'The newest sealed block is more than five minutes behind: events are unprotected by a signature.' }),
    metric({ name: 'unsealed-events', metric: { kind: 'audit', name: 'UnsealedEvents' }, statistic: 'Maximum', severity: 'high', periodMinutes: 5, evaluationPeriods: 3, threshold: 1,
      meaning: 'Events older than the sealing interval have stayed unsealed for 15 minutes.' }),
    metric({ name: 'stream-iterator-age', metric: { kind: 'pipeline', signal: 'streamIteratorAge' }, statistic: 'Maximum', severity: 'high', periodMinutes: 5, threshold: 60_000,
      meaning: 'The stream processor is more than a minute behind: detection is delayed.' }),
    metric({ name: 'failure-queue-depth', metric: { kind: 'pipeline', signal: 'failureQueueDepth' }, statistic: 'Maximum', severity: 'high', periodMinutes: 5, threshold: 1,
      meaning: 'Stream records failed every retry: some events produced no security line.' }),
    metric({ name: 'lambda-errors', metric: { kind: 'pipeline', signal: 'lambdaErrors' }, statistic: 'Sum', severity: 'high', periodMinutes: 5, threshold: 5,
      meaning: 'An audit function is failing.' }),
    metric({ name: 'lambda-throttles', metric: { kind: 'pipeline', signal: 'lambdaThrottles' }, statistic: 'Sum', severity: 'medium', periodMinutes: 5, threshold: 1,
      meaning: 'An audit function was throttled: account concurrency is exhausted.' }),
    metric({ name: 'api-5xx', metric: { kind: 'pipeline', signal: 'api5xx' }, statistic: 'Sum', severity: 'high', periodMinutes: 5, threshold: 5,
      meaning: 'The audit API is returning server errors: DMIS services may be failing to record events.' }),
    metric({ name: 'waf-blocked-spike', metric: { kind: 'pipeline', signal: 'wafBlocked' }, statistic: 'Sum', severity: 'medium', periodMinutes: 5, threshold: 100,
      meaning: 'WAF is blocking many requests: an attack on the API or a misbehaving DMIS client.' }),
  ];
}

/** Every rule, with config applied. Throws on an override that names no rule or sets a bad value. */
export function monitoringRules(options: MonitoringRuleOptions = {}): MonitoringRule[] {
  const rules = [...securityRules(options.roleGrantAllowList ?? []), ...integrityAndPipelineRules()];
  const overrides = options.overrides ?? {};
  for (const name of Object.keys(overrides)) {
    if (!rules.some((r) => r.name === name)) throw new Error(`monitoring rules: override for unknown rule "${name}"`);
  }
  return rules.filter((rule) => overrides[rule.name]?.enabled !== false).map((rule) => applyOverride(rule, overrides[rule.name]));
}

function applyOverride<R extends MonitoringRule>(rule: R, override: RuleOverride | undefined): R {
  if (!override) return rule;
  const merged = { ...rule, ...pick(override) };
  if (!(merged.threshold > 0) || !Number.isInteger(merged.evaluationPeriods) || merged.evaluationPeriods < 1 || ![1, 5, 10, 15, 30, 60].includes(merged.periodMinutes)) {
    throw new Error(`monitoring rules: override of "${rule.name}" needs threshold > 0, evaluationPeriods >= 1, periodMinutes one of 1, 5, 10, 15, 30, 60`);
  }
  return merged;
}

function pick({ threshold, periodMinutes, evaluationPeriods }: RuleOverride): Partial<RuleOverride> {
  return Object.fromEntries(Object.entries({ threshold, periodMinutes, evaluationPeriods }).filter(([, v]) => v !== undefined));
}

/** Only the rules over security lines: what the local runtime can evaluate itself. */
export function logRules(rules: readonly MonitoringRule[]): LogRule[] {
  return rules.filter((rule): rule is LogRule => rule.source === 'log');
}
