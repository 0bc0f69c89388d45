/**
 * The cost model: a month of the workload on the synthesised stack, resource by resource,
 * priced with the one price table (prices-us-east-1.ts).
 */
import { archiveCosts, cloudWatchCosts, dynamoCosts, kmsCosts } from './data-costs';
import { edgeCosts, lambdaCosts, notificationCosts, tracingCosts } from './compute-costs';
import { costInputs, type CostLine } from './cost-line';
import { measureEventSizes, type EventSizes } from './event-size';
import type { StackSettings } from './stack-settings';
import { checkWorkload, type Workload } from './workload';

/** The month's bill. */
export interface CostEstimate {
  readonly workload: Workload;
  readonly sizes: EventSizes;
  readonly lines: readonly CostLine[];
  readonly monthlyUsd: number;
  /** Total per million events (fixed and storage costs spread over the month's events). */
  readonly perMillionUsd: number;
  /** Only the lines that grow with events, per million: what one more million costs. */
  readonly marginalPerMillionUsd: number;
}

/** Prices a workload on a stack. */
export function estimateCost(stack: StackSettings, workload: Workload, sizes: EventSizes = measureEventSizes()): CostEstimate {
  const c = costInputs(stack, checkWorkload(workload), sizes);
  const lines = [
    ...edgeCosts(c),
    ...lambdaCosts(c),
    ...tracingCosts(c),
    ...dynamoCosts(c),
    ...cloudWatchCosts(c),
    ...kmsCosts(c),
    ...archiveCosts(c),
    ...notificationCosts(c),
  ];
  const sum = (ls: readonly CostLine[]) => ls.reduce((n, l) => n + l.usd, 0);
  const monthlyUsd = sum(lines);
  const millions = workload.eventsPerMonth / 1e6;
  return {
    workload,
    sizes,
    lines,
    monthlyUsd,
    perMillionUsd: millions > 0 ? monthlyUsd / millions : Number.POSITIVE_INFINITY,
    marginalPerMillionUsd: millions > 0 ? sum(lines.filter((l) => l.kind === 'per-event')) / millions : 0,
  };
}

/** The largest lines, most expensive first. */
export function largestCosts(estimate: CostEstimate, count = 3): CostLine[] {
  return [...estimate.lines].sort((a, b) => b.usd - a.usd).slice(0, count);
}
