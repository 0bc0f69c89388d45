/**
 * Local alarms on a gauge instead of log lines: the local runtime's stand-in for a metric
 * rule on an AWS service's metric, such as the failure-queue depth (on AWS, the on-failure
 * queue's ApproximateNumberOfMessagesVisible; locally, the parked records in
 * `.local/stream-failures.ndjson`). The same rule from the one rule set decides the
 * threshold; the state follows the latest reading.
 */
import type { AlarmStateValue, AlarmStatus } from '../lambdas/core/monitoring/log-rule-alarms';
import type { MetricRule, PipelineSignal } from '../lambdas/core/monitoring/rule-types';
import { monitoringRules, type MonitoringRuleOptions } from '../lambdas/core/monitoring/rules';

/** A metric rule and how to read its value locally. */
export interface LocalGauge {
  readonly rule: MetricRule;
  read(): Promise<number>;
}

/** A gauge alarm's state change. */
export interface GaugeTransition {
  readonly rule: MetricRule;
  readonly status: AlarmStatus;
}

/** The rule set's rule on a pipeline signal (one definition for CDK and local). */
export function pipelineRule(signal: PipelineSignal, options?: MonitoringRuleOptions): MetricRule {
  const rule = monitoringRules(options).find(
    (r): r is MetricRule => r.source === 'metric' && r.metric.kind === 'pipeline' && r.metric.signal === signal,
  );
  if (!rule) throw new Error(`no monitoring rule watches ${signal}`);
  return rule;
}

/** Tracks each gauge's alarm state. */
export class GaugeAlarms {
  private readonly states: { state: AlarmStateValue; since: number }[];

  constructor(
    private readonly gauges: readonly LocalGauge[],
    startedAt: Date,
  ) {
    this.states = gauges.map(() => ({ state: 'OK', since: startedAt.getTime() }));
  }

  /** Reads every gauge at `now`: every status, and the alarms whose state changed. */
  async evaluate(now: Date): Promise<{ statuses: AlarmStatus[]; transitions: GaugeTransition[] }> {
    const values = await Promise.all(this.gauges.map((g) => g.read()));
    const statuses: AlarmStatus[] = [];
    const transitions: GaugeTransition[] = [];
    this.gauges.forEach(({ rule }, i) => {
      const tracked = this.states[i] as { state: AlarmStateValue; since: number };
      const value = values[i] ?? 0;
      const breached =
        rule.comparison === 'GreaterThanOrEqualToThreshold' ? value >= rule.threshold : value > rule.threshold;
      const next: AlarmStateValue = breached ? 'ALARM' : 'OK';
      const changed = next !== tracked.state;
      if (changed) Object.assign(tracked, { state: next, since: now.getTime() });
      const since = new Date(tracked.since).toISOString();
      const status = { name: rule.name, state: next, value, threshold: rule.threshold, since };
      statuses.push(status);
      if (changed) transitions.push({ rule, status });
    });
    return { statuses, transitions };
  }
}
