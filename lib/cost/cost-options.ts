/**
 * The options the lifetime model knows, against the target: each table class with on-demand
 * and provisioned writes, how much of each option's cost the hot window is, the longest hot
 * window that still meets the target, and the cheapest configuration of all (the floor).
 * Every figure is computed by lifetimeCost, so it moves with the prices and sizes.
 */
import { RECORDS_RETENTION_DAYS } from '../../lambdas/core/catalogue';
import { MIN_HOT_WINDOW_DAYS } from '../config';
import { measureEventSizes, TYPICAL_EVENT } from './event-size';
import { lifetimeCost, type LifetimeEstimate, type LifetimeScenario, type WriteCapacity } from './lifetime-cost';
import type { StackSettings } from './stack-settings';
import { SCHEMA_LAYOUT } from './write-units';
import type { Workload } from './workload';

/** Provisioned capacity at an autoscaling target of 70 %: the headroom above the load is paid for too. */
export const PROVISIONED_UTILISATION = 0.7;
/** The shortest hot window the config accepts (lib/config.ts `hotWindowDays`). */
export { MIN_HOT_WINDOW_DAYS };

const TABLE_CLASSES = ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'] as const;
const CAPACITIES: readonly WriteCapacity[] = [
  { mode: 'on-demand' },
  { mode: 'provisioned', utilisation: PROVISIONED_UTILISATION },
];
/** Lines of a lifetime estimate that grow with the hot window. */
const HOT_WINDOW_ITEMS = /^(table storage|point-in-time recovery)/;

/** One option priced at the stack's hot window, with what the hot window weighs and how long it may be. */
export interface CostOption {
  readonly estimate: LifetimeEstimate;
  /** Share of the cost per million that is table storage and PITR (0..1). */
  readonly hotWindowShare: number;
  /** Longest hot window (whole days) meeting the target; undefined when even the shortest misses it. */
  readonly longestHotWindowDays: number | undefined;
}

/** The options, and the floor: the cheapest of them at the shortest hot window. */
export interface CostOptions {
  readonly targetPerMillionUsd: number;
  readonly options: readonly CostOption[];
  readonly floor: LifetimeEstimate;
}

/** Lean projections and per-class locks (the stack's layout), one table class and write capacity, a hot window. */
function scenarioOf(
  tableClass: StackSettings['tableClass'],
  writeCapacity: WriteCapacity,
  hotWindowDays: number,
): LifetimeScenario {
  const mode =
    writeCapacity.mode === 'on-demand' ? 'on-demand' : `provisioned ${Math.round(writeCapacity.utilisation * 100)} %`;
  const name = `${tableClass === 'STANDARD' ? 'Standard' : 'Standard-IA'}, ${mode} writes, ${hotWindowDays}-day hot window`;
  const sizes = measureEventSizes(TYPICAL_EVENT, SCHEMA_LAYOUT);
  return { name, sizes, hotWindowDays, tableClass, writeCapacity, archiveLock: 'per-class' };
}

/** Share of an estimate that grows with the hot window. */
export function hotWindowShare(e: LifetimeEstimate): number {
  const hot = e.lines.filter((l) => HOT_WINDOW_ITEMS.test(l.item)).reduce((n, l) => n + l.usd, 0);
  return e.perMillionUsd > 0 ? hot / e.perMillionUsd : 0;
}

/**
 * The longest hot window, in whole days up to the records retention, whose cost per million
 * meets `target` (cost grows with the window: bisection); undefined when the shortest misses.
 */
export function longestHotWindowWithin(
  target: number,
  option: (hotWindowDays: number) => LifetimeEstimate,
): number | undefined {
  if (option(MIN_HOT_WINDOW_DAYS).perMillionUsd > target) return undefined;
  if (option(RECORDS_RETENTION_DAYS).perMillionUsd <= target) return RECORDS_RETENTION_DAYS;
  let [fits, misses] = [MIN_HOT_WINDOW_DAYS, RECORDS_RETENTION_DAYS];
  while (misses - fits > 1) {
    const mid = Math.floor((fits + misses) / 2);
    if (option(mid).perMillionUsd <= target) fits = mid;
    else misses = mid;
  }
  return fits;
}

/** Every table class × write capacity at the stack's hot window, and the floor. */
export function costOptions(stack: StackSettings, w: Workload, targetPerMillionUsd: number): CostOptions {
  const options = TABLE_CLASSES.flatMap((tableClass) =>
    CAPACITIES.map((capacity): CostOption => {
      const at = (days: number) => lifetimeCost(scenarioOf(tableClass, capacity, days), stack, w);
      const estimate = at(stack.hotWindowDays);
      return {
        estimate,
        hotWindowShare: hotWindowShare(estimate),
        longestHotWindowDays: longestHotWindowWithin(targetPerMillionUsd, at),
      };
    }),
  );
  const atShortest = TABLE_CLASSES.flatMap((tableClass) =>
    CAPACITIES.map((capacity) => lifetimeCost(scenarioOf(tableClass, capacity, MIN_HOT_WINDOW_DAYS), stack, w)),
  );
  const floor = atShortest.reduce((a, b) => (b.perMillionUsd < a.perMillionUsd ? b : a));
  return { targetPerMillionUsd, options, floor };
}
