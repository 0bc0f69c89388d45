/**
 * `dmis-audit monitoring check-patterns`: sends every log rule's rendered pattern with its
 * sample lines (lambdas/core/monitoring/filter-pattern-samples.ts) to CloudWatch Logs'
 * TestMetricFilter and compares CloudWatch's matches with the local evaluator's, so the
 * assumptions the local evaluator makes (`!=` on a missing field, wildcards) are checked
 * against CloudWatch itself. Any disagreement fails the command.
 */
import { TestMetricFilterCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { neutraliseLine } from '../lambdas/core/display-text';
import { matchesFilterPattern } from '../lambdas/core/monitoring/filter-pattern-evaluator';
import { filterPatternSamples, type RuleSamples } from '../lambdas/core/monitoring/filter-pattern-samples';

/** TestMetricFilter takes at most 50 log event messages per call. */
export const TEST_EVENTS_PER_CALL = 50;

/** One sample's verdicts: what the sample expects, what the local evaluator and CloudWatch say. */
export interface PatternCheckRow {
  readonly rule: string;
  readonly sample: string;
  readonly expected: boolean;
  readonly local: boolean;
  readonly aws: boolean;
  /** All three agree. */
  readonly agree: boolean;
}

/** Asks CloudWatch about every sample of every rule; one row per sample. */
export async function checkPatterns(
  client: CloudWatchLogsClient,
  rules: readonly RuleSamples[] = filterPatternSamples(),
): Promise<PatternCheckRow[]> {
  const rows: PatternCheckRow[] = [];
  for (const { rule, pattern, samples } of rules) {
    const matched = new Set<string>();
    for (let i = 0; i < samples.length; i += TEST_EVENTS_PER_CALL) {
      const chunk = samples.slice(i, i + TEST_EVENTS_PER_CALL).map((s) => s.line);
      const answer = await client.send(
        new TestMetricFilterCommand({ filterPattern: pattern, logEventMessages: chunk }),
      );
      // Matched by text, not eventNumber: a rule's sample lines are distinct (the samples' test checks).
      for (const m of answer.matches ?? []) if (m.eventMessage !== undefined) matched.add(m.eventMessage);
    }
    for (const s of samples) {
      const local = matchesFilterPattern(pattern, s.line);
      const aws = matched.has(s.line);
      rows.push({ rule, sample: s.name, expected: s.matches, local, aws, agree: local === aws && aws === s.matches });
    }
  }
  return rows;
}

/** The rows as a fixed-width table, disagreements marked. */
export function patternTable(rows: readonly PatternCheckRow[]): string {
  const yesNo = (b: boolean) => (b ? 'match' : '-');
  const ruleWidth = Math.max(4, ...rows.map((r) => r.rule.length));
  const sampleWidth = Math.max(6, ...rows.map((r) => r.sample.length));
  const header = `${'rule'.padEnd(ruleWidth)}  ${'sample'.padEnd(sampleWidth)}  expected  local  aws    result`;
  const lines = rows.map(
    (r) =>
      `${r.rule.padEnd(ruleWidth)}  ${r.sample.padEnd(sampleWidth)}  ${yesNo(r.expected).padEnd(8)}  ${yesNo(r.local).padEnd(5)}  ${yesNo(r.aws).padEnd(5)}  ${r.agree ? 'ok' : 'DISAGREE'}`,
  );
  const disagreements = rows.filter((r) => !r.agree).length;
  const summary =
    disagreements === 0
      ? `OK: ${rows.length} samples agree`
      : `FAILED: ${disagreements} of ${rows.length} samples disagree`;
  return [header, ...lines, summary].map(neutraliseLine).join('\n');
}
