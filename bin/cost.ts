/**
 * `npm run cost [-- --events-per-month N --batch B]`: the monthly cost of the audit trail
 * and its cost per million events, resource by resource, from the synthesised stack's own
 * settings and the dated price table in lib/cost/. `--matrix` prints the docs/performance.md
 * table (batch 1, 25, 100 at 1 M, 10 M, 100 M events). The bill is followed by the cost of a
 * million events over their whole life, before and after the hot window and lean indexes,
 * on each table class, then the table options (on-demand or provisioned writes on each class)
 * with their hot-window share, the longest hot window within the target, and the floor.
 * Exit 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import { estimateCost } from '../lib/cost/cost-model';
import { costOptions } from '../lib/cost/cost-options';
import { billText, lifetimeText, matrixMarkdown, optionsText, TARGET_PER_MILLION_USD } from '../lib/cost/cost-report';
import { lifetimeComparison } from '../lib/cost/lifetime-cost';
import { readStackSettings } from '../lib/cost/stack-settings';
import { synthAuditTemplate } from '../lib/cost/synth-template';
import { checkWorkload, DEFAULT_WORKLOAD, type Workload } from '../lib/cost/workload';

const USAGE = `usage: npm run cost -- [--events-per-month N] [--batch 1-100] [--months N]
       [--auditor-requests N] [--failure-share 0-1] [--matrix]
defaults: ${JSON.stringify(DEFAULT_WORKLOAD)}`;

function workloadOf(values: Record<string, string | boolean | undefined>): Workload {
  const num = (name: string, fallback: number) => (values[name] === undefined ? fallback : Number(values[name]));
  return {
    ...DEFAULT_WORKLOAD,
    eventsPerMonth: num('events-per-month', DEFAULT_WORKLOAD.eventsPerMonth),
    batchSize: num('batch', DEFAULT_WORKLOAD.batchSize),
    monthsRunning: num('months', DEFAULT_WORKLOAD.monthsRunning),
    auditorRequestsPerMonth: num('auditor-requests', DEFAULT_WORKLOAD.auditorRequestsPerMonth),
    failureShare: num('failure-share', DEFAULT_WORKLOAD.failureShare),
  };
}

function main(): void {
  const string = { type: 'string' } as const;
  const { values } = parseArgs({
    options: {
      'events-per-month': string, batch: string, months: string, 'auditor-requests': string, 'failure-share': string,
      matrix: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  // Checked before synthesis, so a typo fails at once.
  const workload = checkWorkload(workloadOf(values));
  const stack = readStackSettings(synthAuditTemplate());
  if (!values.matrix) {
    const options = optionsText(costOptions(stack, workload, TARGET_PER_MILLION_USD));
    return void console.log(`${billText(estimateCost(stack, workload))}\n\n${lifetimeText(lifetimeComparison(stack, workload))}\n\n${options}`);
  }
  const estimates = [1e6, 1e7, 1e8].flatMap((eventsPerMonth) =>
    [1, 25, 100].map((batchSize) => estimateCost(stack, { ...workload, eventsPerMonth, batchSize })),
  );
  console.log(matrixMarkdown(estimates));
}

try {
  main();
} catch (error) {
  console.error(`cost: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
