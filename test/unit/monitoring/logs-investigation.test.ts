/**
 * `logs query` and `logs tail` at the CloudWatch Logs SDK boundary, and the documented
 * translation of our filter patterns into Logs Insights.
 */
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { durationMs, queryRule, tailRule } from '../../../bin/logs-investigation';
import { renderFilterPattern } from '../../../lambdas/core/monitoring/filter-pattern';
import { insightsFilterOf, insightsQueryOf } from '../../../lambdas/core/monitoring/filter-pattern-insights';
import { logRules, monitoringRules } from '../../../lambdas/core/monitoring/rules';
import type { LogRule } from '../../../lambdas/core/monitoring/rule-types';

const logs = mockClient(CloudWatchLogsClient);
const client = () => new CloudWatchLogsClient({ region: 'eu-west-1' });
const RULES = logRules(monitoringRules({ roleGrantAllowList: ['identity-admin'] }));
const rule = (name: string) => RULES.find((r) => r.name === name) as LogRule;
const GROUP = 'security-log-group';
const noWait = async () => undefined;

beforeEach(() => {
  logs.reset();
});

describe('Logs Insights translation', () => {
  it('translates equality and && into Insights syntax', () => {
    expect(insightsFilterOf(rule('failed-logins').pattern)).toBe(
      '(logType = "security") and (streamEvent = "INSERT") and (eventType = "auth.login.failure")',
    );
  });

  it('turns a wildcard into an anchored, escaped regex and != into a presence check', () => {
    const text = insightsFilterOf(rule('role-change-outside-allow-list').pattern);
    expect(text).toContain('(eventType like /^authz\\.role\\..*$/)');
    expect(text).toContain('((ispresent(actorUserId) and not (actorUserId = "identity-admin")))');
  });

  it('builds a newest-first query with the limit', () => {
    expect(insightsQueryOf(rule('access-denied').pattern, 20)).toMatch(
      /^fields @timestamp, @message \| filter .+ \| sort @timestamp desc \| limit 20$/,
    );
  });

  it('reads --since durations', () => {
    expect([durationMs('30m'), durationMs('1h'), durationMs('7d'), durationMs('1w')]).toEqual([
      1_800_000,
      3_600_000,
      604_800_000,
      undefined,
    ]);
  });
});

describe('logs query', () => {
  const since = new Date('2026-01-15T09:00:00.000Z');
  const until = new Date('2026-01-15T10:00:00.000Z');

  it('starts the rule query over the window and polls until it completes', async () => {
    // Prepare
    logs.on(StartQueryCommand).resolves({ queryId: 'q-1' });
    logs
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: 'Running', results: [] })
      .resolves({
        status: 'Complete',
        results: [
          [
            { field: '@timestamp', value: '2026-01-15 09:59:00.000' },
            { field: '@message', value: '{"eventType":"auth.login.failure"}' },
          ],
        ],
      });
    // Act
    const lines = await queryRule(client(), rule('failed-logins'), {
      logGroupName: GROUP,
      since,
      until,
      limit: 50,
      sleep: noWait,
    });
    // Assess
    expect(logs.commandCalls(StartQueryCommand).map((c) => c.args[0].input)).toEqual([
      {
        logGroupName: GROUP,
        startTime: 1768467600,
        endTime: 1768471200,
        queryString: insightsQueryOf(rule('failed-logins').pattern, 50),
      },
    ]);
    expect(logs.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input)).toEqual([
      { queryId: 'q-1' },
      { queryId: 'q-1' },
    ]);
    expect(lines).toEqual(['2026-01-15 09:59:00.000  {"eventType":"auth.login.failure"}']);
  });

  it('fails with the status when the query does not complete', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-2' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Failed' });
    await expect(
      queryRule(client(), rule('access-denied'), { logGroupName: GROUP, since, until, sleep: noWait }),
    ).rejects.toThrow(/ended Failed/);
  });
});

describe('logs tail', () => {
  it('follows pages, moves the start to the newest line and prints each line once', async () => {
    // Prepare: poll 1 has two pages; poll 2 repeats the newest line and adds one.
    const event = (id: string, timestamp: number) => ({ eventId: id, timestamp, message: `line ${id}` });
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [event('a', 1000)], nextToken: 't2' })
      .resolvesOnce({ events: [event('b', 2000)] })
      .resolvesOnce({ events: [event('b', 2000), event('c', 3000)] });
    const printed: string[] = [];
    // Act
    await tailRule(client(), {
      logGroupName: GROUP,
      rule: rule('failed-logins'),
      startTime: new Date(500),
      print: (l) => printed.push(l),
      polls: 2,
      sleep: noWait,
    });
    // Assess
    const pattern = renderFilterPattern(rule('failed-logins').pattern);
    expect(logs.commandCalls(FilterLogEventsCommand).map((c) => c.args[0].input)).toEqual([
      { logGroupName: GROUP, startTime: 500, filterPattern: pattern },
      { logGroupName: GROUP, startTime: 500, filterPattern: pattern, nextToken: 't2' },
      { logGroupName: GROUP, startTime: 2000, filterPattern: pattern },
    ]);
    expect(printed.map((l) => l.slice(26))).toEqual(['line a', 'line b', 'line c']);
  });
});
