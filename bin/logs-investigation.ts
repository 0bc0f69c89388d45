/**
 * `dmis-audit logs query` and `logs tail`: the security lines behind an alarm, from the
 * command line. `query` runs a Logs Insights query derived from the rule's pattern
 * (filter-pattern-insights.ts) and polls for its results; `tail` polls FilterLogEvents with
 * the rule's own metric filter pattern, printing each new line once.
 */
import {
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import { neutraliseLine } from '../lambdas/core/display-text';
import { renderFilterPattern } from '../lambdas/core/monitoring/filter-pattern';
import { insightsQueryOf } from '../lambdas/core/monitoring/filter-pattern-insights';
import type { LogRule } from '../lambdas/core/monitoring/rule-types';

/** Waits between polls; tests pass one that does not. */
export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `30m`, `1h`, `7d` → milliseconds; undefined for anything else. */
export function durationMs(text: string): number | undefined {
  const m = /^(\d+)([mhd])$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
}

/** Options of {@link queryRule}. */
export interface QueryOptions {
  readonly logGroupName: string;
  readonly since: Date;
  readonly until: Date;
  readonly limit?: number;
  readonly sleep?: Sleep;
}

/** Runs the rule's Insights query and returns the matching lines, newest first. */
export async function queryRule(client: CloudWatchLogsClient, rule: LogRule, o: QueryOptions): Promise<string[]> {
  const { queryId } = await client.send(
    new StartQueryCommand({
      logGroupName: o.logGroupName,
      startTime: Math.floor(o.since.getTime() / 1000),
      endTime: Math.ceil(o.until.getTime() / 1000),
      queryString: insightsQueryOf(rule.pattern, o.limit ?? 100),
    }),
  );
  for (;;) {
    const answer = await client.send(new GetQueryResultsCommand({ queryId }));
    if (answer.status === 'Complete')
      return (answer.results ?? []).map((row) => {
        const field = (name: string) => row.find((f) => f.field === name)?.value ?? '';
        return neutraliseLine(`${field('@timestamp')}  ${field('@message')}`);
      });
    if (answer.status !== 'Running' && answer.status !== 'Scheduled')
      throw new Error(`the Logs Insights query ended ${answer.status ?? 'without a status'}`);
    await (o.sleep ?? realSleep)(1000);
  }
}

/** Options of {@link tailRule}. */
export interface TailOptions {
  readonly logGroupName: string;
  /** The rule whose lines to show; all lines when absent. */
  readonly rule?: LogRule;
  readonly startTime: Date;
  readonly print: (line: string) => void;
  /** Polls before returning. @default until the process is stopped */
  readonly polls?: number;
  readonly sleep?: Sleep;
}

/** Prints every new matching line, poll after poll (FilterLogEvents, every page). */
export async function tailRule(client: CloudWatchLogsClient, o: TailOptions): Promise<void> {
  let from = o.startTime.getTime();
  const seenAtFrom = new Set<string>();
  for (let poll = 0; o.polls === undefined || poll < o.polls; poll++) {
    if (poll > 0) await (o.sleep ?? realSleep)(2000);
    // Every page of one poll repeats its first request; a nextToken belongs to that request.
    const startTime = from;
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new FilterLogEventsCommand({
          logGroupName: o.logGroupName,
          startTime,
          ...(o.rule ? { filterPattern: renderFilterPattern(o.rule.pattern) } : {}),
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      for (const e of page.events ?? []) {
        // The next poll starts at the newest timestamp seen, so lines at it are remembered once.
        if (e.eventId === undefined || e.timestamp === undefined || seenAtFrom.has(e.eventId)) continue;
        if (e.timestamp > from) {
          from = e.timestamp;
          seenAtFrom.clear();
        }
        seenAtFrom.add(e.eventId);
        o.print(neutraliseLine(`${new Date(e.timestamp).toISOString()}  ${e.message ?? ''}`));
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }
}
