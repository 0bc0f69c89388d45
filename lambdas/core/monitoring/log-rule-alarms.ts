/**
 * Alarm state for the log rules, evaluated over security lines the way CloudWatch's
 * metric filter + alarm pair does: a line counts when the rule's rendered filter pattern
 * matches it; the alarm is in ALARM when each of the last `evaluationPeriods` periods
 * breaches the threshold. Periods slide with the clock instead of aligning to the minute,
 * which only makes the local runtime react a little sooner than CloudWatch.
 */
import { compileFilterPattern } from './filter-pattern-evaluator';
import { renderFilterPattern } from './filter-pattern';
import type { LogRule, RuleComparison } from './rule-types';

/** CloudWatch's alarm states (INSUFFICIENT_DATA never happens here: no lines means zero). */
export type AlarmStateValue = 'OK' | 'ALARM';

/** One alarm as `GET /v1/alarms` shows it. */
export interface AlarmStatus {
  readonly name: string;
  readonly state: AlarmStateValue;
  /** Matching lines in the latest period. */
  readonly value: number;
  readonly threshold: number;
  /** When the alarm entered its current state, ISO 8601. */
  readonly since: string;
}

/** A state change, for ALARM and OK notifications. */
export interface AlarmTransition {
  readonly rule: LogRule;
  readonly status: AlarmStatus;
}

interface Tracked {
  readonly rule: LogRule;
  readonly matches: (line: string) => boolean;
  readonly times: number[];
  state: AlarmStateValue;
  since: number;
}

/** Counts matching lines per rule and tracks each rule's alarm state. */
export class LogRuleAlarms {
  private readonly tracked: Tracked[];

  constructor(rules: readonly LogRule[], startedAt: Date) {
    this.tracked = rules.map((rule) => ({
      rule,
      matches: compileFilterPattern(renderFilterPattern(rule.pattern)),
      times: [],
      state: 'OK',
      since: startedAt.getTime(),
    }));
  }

  /** Records one security line (the exact JSON text written to the log) seen at `at`. */
  record(lineJson: string, at: Date): void {
    for (const t of this.tracked) if (t.matches(lineJson)) t.times.push(at.getTime());
  }

  /** Re-evaluates every rule at `now`; returns the alarms whose state changed. */
  evaluate(now: Date): AlarmTransition[] {
    const transitions: AlarmTransition[] = [];
    for (const t of this.tracked) {
      const periodMs = t.rule.periodMinutes * 60_000;
      prune(t.times, now.getTime() - periodMs * t.rule.evaluationPeriods);
      const counts = Array.from({ length: t.rule.evaluationPeriods }, (_, i) =>
        countIn(t.times, now.getTime() - (i + 1) * periodMs, now.getTime() - i * periodMs),
      );
      const next: AlarmStateValue = counts.every((c) => breaches(t.rule.comparison, c, t.rule.threshold))
        ? 'ALARM'
        : 'OK';
      if (next !== t.state) {
        t.state = next;
        t.since = now.getTime();
        transitions.push({ rule: t.rule, status: statusOf(t, counts[0] ?? 0) });
      }
    }
    return transitions;
  }

  /** Every alarm's status at `now` (evaluates first, so the answer is never stale). */
  statuses(now: Date): { statuses: AlarmStatus[]; transitions: AlarmTransition[] } {
    const transitions = this.evaluate(now);
    const periodOf = (t: Tracked) => t.rule.periodMinutes * 60_000;
    const statuses = this.tracked.map((t) => statusOf(t, countIn(t.times, now.getTime() - periodOf(t), now.getTime())));
    return { statuses, transitions };
  }
}

function statusOf(t: Tracked, value: number): AlarmStatus {
  return {
    name: t.rule.name,
    state: t.state,
    value,
    threshold: t.rule.threshold,
    since: new Date(t.since).toISOString(),
  };
}

/** Lines in (from, to]. */
function countIn(times: readonly number[], from: number, to: number): number {
  return times.filter((t) => t > from && t <= to).length;
}

function prune(times: number[], before: number): void {
  const keepFrom = times.findIndex((t) => t > before);
  times.splice(0, keepFrom === -1 ? times.length : keepFrom);
}

function breaches(comparison: RuleComparison, value: number, threshold: number): boolean {
  if (comparison === 'GreaterThanOrEqualToThreshold') return value >= threshold;
  return value > threshold;
}
