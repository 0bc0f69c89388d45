/**
 * The monitoring rules, defined once. CDK and the local runtime both call
 * `monitoringRules(options)`; typed config supplies the role-grant allow-list and the
 * per-rule overrides. No rule has a dimension on actor, IP or any other unbounded value:
 * "who" is answered by Contributor Insights and the log lines, not by metric cardinality.
 */
import { integrityAndPipelineRules } from './pipeline-rules';
import type { LogRule, MonitoringRule, RuleOverride } from './rule-types';
import { securityRules } from './security-rules';

export { FAILURE_EVENT_TYPES, RECORD_CHANGE_PATTERN } from './security-rules';

/** CloudWatch namespace of the security-line metrics and of the sealer/verifier metrics. */
export const MONITORING_NAMESPACE = 'DMIS/Audit';

/** Options the rules take from typed config. */
export interface MonitoringRuleOptions {
  /** Actor userIds allowed to grant or revoke roles (the identity-admin service). @default none: every change alarms */
  readonly roleGrantAllowList?: readonly string[];
  /** Per-rule changes, keyed by rule name. */
  readonly overrides?: Readonly<Record<string, RuleOverride>>;
}

/** Every rule, with config applied. Throws on an override that names no rule or sets a bad value. */
export function monitoringRules(options: MonitoringRuleOptions = {}): MonitoringRule[] {
  const rules = [...securityRules(options.roleGrantAllowList ?? []), ...integrityAndPipelineRules()];
  const overrides = options.overrides ?? {};
  for (const name of Object.keys(overrides)) {
    if (!rules.some((r) => r.name === name)) throw new Error(`monitoring rules: override for unknown rule "${name}"`);
  }
  return rules
    .filter((rule) => overrides[rule.name]?.enabled !== false)
    .map((rule) => applyOverride(rule, overrides[rule.name]));
}

function applyOverride<R extends MonitoringRule>(rule: R, override: RuleOverride | undefined): R {
  if (!override) return rule;
  const merged = { ...rule, ...pick(override) };
  if (
    !(merged.threshold > 0) ||
    !Number.isInteger(merged.evaluationPeriods) ||
    merged.evaluationPeriods < 1 ||
    ![1, 5, 10, 15, 30, 60].includes(merged.periodMinutes)
  ) {
    throw new Error(
      `monitoring rules: override of "${rule.name}" needs threshold > 0, evaluationPeriods >= 1, periodMinutes one of 1, 5, 10, 15, 30, 60`,
    );
  }
  return merged;
}

function pick({ threshold, periodMinutes, evaluationPeriods }: RuleOverride): Partial<RuleOverride> {
  return Object.fromEntries(
    Object.entries({ threshold, periodMinutes, evaluationPeriods }).filter(([, v]) => v !== undefined),
  );
}

/** Only the rules over security lines: what the local runtime can evaluate itself. */
export function logRules(rules: readonly MonitoringRule[]): LogRule[] {
  return rules.filter((rule): rule is LogRule => rule.source === 'log');
}
