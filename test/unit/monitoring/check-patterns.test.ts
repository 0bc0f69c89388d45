/**
 * `monitoring check-patterns` against a CloudWatch Logs fake at the SDK boundary: the exact
 * TestMetricFilter requests, agreement, and a named disagreement when CloudWatch reads a
 * pattern differently from the local evaluator.
 */
import { CloudWatchLogsClient, TestMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { checkPatterns, patternTable, TEST_EVENTS_PER_CALL } from '../../../bin/check-patterns';
import { filterPatternSamples, type RuleSamples } from '../../../lambdas/core/monitoring/filter-pattern-samples';

const logs = mockClient(CloudWatchLogsClient);
const RULES = filterPatternSamples();
const client = () => new CloudWatchLogsClient({ region: 'eu-west-1' });

/** A CloudWatch that matches the lines `counts` says it counts, answering as TestMetricFilter does. */
function cloudWatchCounting(counts: (pattern: string, line: string) => boolean): void {
  logs.on(TestMetricFilterCommand).callsFake((input: { filterPattern: string; logEventMessages: string[] }) => ({
    matches: input.logEventMessages
      .map((eventMessage, i) => ({ eventNumber: i + 1, eventMessage, extractedValues: {} }))
      .filter((m) => counts(input.filterPattern, m.eventMessage)),
  }));
}

const expectedMatch = (pattern: string, line: string) =>
  RULES.some((r) => r.pattern === pattern && r.samples.some((s) => s.line === line && s.matches));

beforeEach(() => {
  logs.reset();
});

describe('check-patterns', () => {
  it('sends each rule its rendered pattern and every sample line, one call per rule', async () => {
    cloudWatchCounting(expectedMatch);
    await checkPatterns(client());
    expect(logs.commandCalls(TestMetricFilterCommand).map((c) => c.args[0].input)).toEqual(
      RULES.map((r) => ({ filterPattern: r.pattern, logEventMessages: r.samples.map((s) => s.line) })),
    );
  });

  it('agrees on every sample when CloudWatch counts what the samples expect', async () => {
    cloudWatchCounting(expectedMatch);
    const rows = await checkPatterns(client());
    expect(rows.filter((r) => !r.agree)).toEqual([]);
    expect(rows).toHaveLength(RULES.reduce((n, r) => n + r.samples.length, 0));
    expect(patternTable(rows)).toMatch(/^OK: \d+ samples agree$/m);
  });

  it('names each disagreement when CloudWatch counts != on a missing field as a match', async () => {
    // Prepare: a CloudWatch that reads "missing" as "different".
    cloudWatchCounting(
      (pattern, line) =>
        expectedMatch(pattern, line) || (line.includes('"audit.item.removed"') && !line.includes('removedBy')),
    );
    // Act
    const rows = await checkPatterns(client());
    // Assess
    expect(rows.filter((r) => !r.agree)).toEqual([
      {
        rule: 'audit-item-tampered',
        sample: 'a REMOVE without removedBy (!= on a missing field)',
        expected: false,
        local: false,
        aws: true,
        agree: false,
      },
    ]);
    expect(patternTable(rows)).toMatch(/DISAGREE[\s\S]*FAILED: 1 of \d+ samples disagree/);
  });

  it('sends at most 50 lines per call', async () => {
    // Prepare
    const first = RULES[0] as RuleSamples;
    const many: RuleSamples = {
      ...first,
      samples: Array.from({ length: TEST_EVENTS_PER_CALL + 1 }, (_, i) => ({
        name: `n${i}`,
        line: JSON.stringify({ n: i }),
        matches: false,
      })),
    };
    cloudWatchCounting(() => false);
    // Act
    await checkPatterns(client(), [many]);
    // Assess
    expect(logs.commandCalls(TestMetricFilterCommand).map((c) => c.args[0].input.logEventMessages?.length)).toEqual([
      50, 1,
    ]);
  });

  it('has distinct sample lines within each rule (CloudWatch matches are told apart by text)', () => {
    for (const r of RULES) expect(new Set(r.samples.map((s) => s.line)).size).toBe(r.samples.length);
  });
});
