/**
 * Human-facing text of the cost model: the bill line by line, and the matrix of
 * batch sizes and volumes that docs/performance.md carries.
 */
import { largestCosts, type CostEstimate } from './cost-model';
import { MIN_HOT_WINDOW_DAYS, type CostOptions } from './cost-options';
import type { LifetimeEstimate } from './lifetime-cost';
import { PRICE_TABLE_DATE, PRICE_TABLE_REGION, PRICES } from './prices-us-east-1';

/** The target the issue sets: dollars per million events at batch 25. */
export const TARGET_PER_MILLION_USD = 1.5;

const usd = (n: number) => (n >= 100 ? `$${n.toFixed(0)}` : n >= 1 ? `$${n.toFixed(2)}` : `$${n.toFixed(4)}`);
const qty = (n: number) => (n >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3));

/** The bill as a plain-text table, with totals and the target verdict. */
export function billText(e: CostEstimate): string {
  const millions = e.workload.eventsPerMonth / 1e6;
  const rows = e.lines.map((l) => {
    const unverified = PRICES[l.price].checked ? '' : '*';
    return [l.service, l.item, qty(l.quantity), usd(l.usd) + unverified, millions > 0 ? usd(l.usd / millions) : '-'];
  });
  const widths = [16, 62, 16, 11, 11];
  const fmt = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' ');
  return [
    `${qty(e.workload.eventsPerMonth)} events/month, batch ${e.workload.batchSize}, month ${e.workload.monthsRunning} of operation; ${PRICE_TABLE_REGION} list prices of ${PRICE_TABLE_DATE}, no free tier`,
    `typical event: DynamoDB item ${e.sizes.itemBytes} B, JSON ${e.sizes.eventJsonBytes} B, security line ${e.sizes.securityLineBytes} B`,
    '',
    fmt(['service', 'resource', 'quantity', '$/month', '$/M events']),
    ...rows.map(fmt),
    '',
    `total: ${usd(e.monthlyUsd)}/month, ${usd(e.perMillionUsd)} per million events (${usd(e.marginalPerMillionUsd)} per additional million)`,
    `largest: ${largestCosts(e).map((l) => `${l.service} ${l.item} ${usd(l.usd)}`).join('; ')}`,
    verdict(e),
    '* price not verified against a source on the table date (lib/cost/prices-us-east-1.ts)',
  ].join('\n');
}

/** Whether the estimate meets the target (the target is set for batch 25). */
export function verdict(e: CostEstimate): string {
  const met = e.perMillionUsd <= TARGET_PER_MILLION_USD;
  return `target ≤ ${usd(TARGET_PER_MILLION_USD)} per million events at batch 25: ${met ? 'met' : 'MISSED'} (${usd(e.perMillionUsd)})`;
}

/** Markdown table: one row per volume, per-million cost at each batch size (total / marginal). */
export function matrixMarkdown(estimates: readonly CostEstimate[]): string {
  const batches = [...new Set(estimates.map((e) => e.workload.batchSize))];
  const volumes = [...new Set(estimates.map((e) => e.workload.eventsPerMonth))];
  const find = (v: number, b: number) => estimates.find((e) => e.workload.eventsPerMonth === v && e.workload.batchSize === b)!;
  const header = `| events/month | ${batches.map((b) => `batch ${b}: $/month, $/M (marginal $/M)`).join(' | ')} |`;
  const rows = volumes.map((v) => `| ${qty(v)} | ${batches.map((b) => {
    const e = find(v, b);
    return `${usd(e.monthlyUsd)}, ${usd(e.perMillionUsd)} (${usd(e.marginalPerMillionUsd)})`;
  }).join(' | ')} |`);
  return [header, `|---|${batches.map(() => '---').join('|')}|`, ...rows].join('\n');
}

/** Each scenario's cost per million events over their whole life, line by line, with the target verdict. */
export function lifetimeText(estimates: readonly LifetimeEstimate[]): string {
  const blocks = estimates.map((e) => [
    `${e.scenario.name}: ${usd(e.perMillionUsd)} per million events (${e.perMillionUsd <= TARGET_PER_MILLION_USD ? 'meets' : 'misses'} ≤ ${usd(TARGET_PER_MILLION_USD)})`,
    ...e.lines.map((l) => `  ${l.item.padEnd(84)} ${usd(l.usd).padStart(9)}`),
  ].join('\n'));
  const cheapest = [...estimates].sort((a, b) => a.perMillionUsd - b.perMillionUsd)[0];
  return [
    'per million events ingested and retained for their whole retention:',
    ...blocks,
    cheapest ? `cheapest: ${cheapest.scenario.name}` : '',
  ].join('\n');
}

/** The options against the target: cost, hot-window share and longest fitting hot window each, then the floor. */
export function optionsText(o: CostOptions): string {
  const target = usd(o.targetPerMillionUsd);
  const rows = o.options.map(({ estimate: e, hotWindowShare, longestHotWindowDays: days }) => {
    const longest = days === undefined ? `none (the shortest, ${MIN_HOT_WINDOW_DAYS} days, misses it)` : `${days} days`;
    const share = `${(hotWindowShare * 100).toFixed(0)} %`;
    return `  ${e.scenario.name.padEnd(56)} ${usd(e.perMillionUsd).padStart(8)}; writes ${usd(e.lines[0]?.usd ?? 0)}; hot window ${share} of it; longest hot window within ${target}: ${longest}`;
  });
  const f = o.floor;
  const met = f.perMillionUsd <= o.targetPerMillionUsd ? 'meets' : 'misses';
  return [
    'table options per million events over their life (lean projections, per-class locks):',
    ...rows,
    `floor: ${f.scenario.name}: ${usd(f.perMillionUsd)} per million events, ${met} ≤ ${target} (writes ${usd(f.lines[0]?.usd ?? 0)} of it)`,
  ].join('\n');
}
