/**
 * The `dmis-audit` commands that read CloudWatch directly (default AWS credential chain):
 * `monitoring check-patterns`, `logs query --rule R [--since 1h]`, `logs tail [--rule R]`.
 * The security log group comes from `--log-group` or SECURITY_LOG_GROUP, the rules' config
 * from MONITORING_RULE_OPTIONS when set (both as in the verifier's environment).
 */
import { parseArgs } from 'node:util';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ruleOptionsOf } from '../lambdas/composition/monitoring-check';
import type { LogRule } from '../lambdas/core/monitoring/rule-types';
import { logRules, monitoringRules } from '../lambdas/core/monitoring/rules';
import { checkPatterns, patternTable } from './check-patterns';
import { CliError } from './cli-client';
import { durationMs, queryRule, tailRule } from './logs-investigation';

/** Usage lines cli.ts shows with its own. */
export const CLOUDWATCH_USAGE = `  monitoring check-patterns                     rule patterns vs CloudWatch TestMetricFilter; exit 1 on disagreement
  logs query    --rule R [--since 1h] [--limit N] [--log-group G]   Logs Insights over the security log group
  logs tail     [--rule R] [--since 5m] [--log-group G]             new security lines, polled`;

const OPTIONS = {
  rule: { type: 'string' },
  since: { type: 'string' },
  limit: { type: 'string' },
  'log-group': { type: 'string' },
  region: { type: 'string' },
} as const;

/** Runs one of the commands; `argv` starts with `monitoring` or `logs`. */
export async function cloudWatchCommand(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
  const client = new CloudWatchLogsClient(values.region ? { region: values.region } : {});
  const command = positionals.slice(0, 2).join(' ');
  if (command === 'monitoring check-patterns') {
    const rows = await checkPatterns(client);
    console.log(patternTable(rows));
    if (rows.some((r) => !r.agree)) process.exitCode = 1;
    return;
  }
  const logGroupName = values['log-group'] ?? process.env.SECURITY_LOG_GROUP;
  if (!logGroupName) throw new CliError('name the security log group: --log-group G or SECURITY_LOG_GROUP');
  const since = new Date(Date.now() - sinceMs(values.since ?? (command === 'logs tail' ? '5m' : '1h')));
  if (command === 'logs query') {
    if (!values.rule) throw new CliError('logs query needs --rule <rule name>');
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new CliError('--limit must be 1 to 10000');
    const lines = await queryRule(client, ruleNamed(values.rule), { logGroupName, since, until: new Date(), limit });
    lines.forEach((l) => console.log(l));
    return console.error(`${lines.length} lines`);
  }
  if (command === 'logs tail') {
    const rule = values.rule ? ruleNamed(values.rule) : undefined;
    return tailRule(client, {
      logGroupName,
      startTime: since,
      print: (l) => console.log(l),
      ...(rule ? { rule } : {}),
    });
  }
  throw new CliError(`unknown command "${command}"\n${CLOUDWATCH_USAGE}`);
}

function sinceMs(text: string): number {
  const ms = durationMs(text);
  if (ms === undefined)
    throw new CliError(`--since must be minutes, hours or days, e.g. 30m, 1h, 7d; got ${JSON.stringify(text)}`);
  return ms;
}

function ruleNamed(name: string): LogRule {
  const raw = process.env.MONITORING_RULE_OPTIONS;
  const rules = logRules(monitoringRules(raw ? ruleOptionsOf(raw) : {}));
  const rule = rules.find((r) => r.name === name);
  if (!rule) throw new CliError(`no log rule "${name}"; one of: ${rules.map((r) => r.name).join(', ')}`);
  return rule;
}
