/** The table options against the target: write capacity, hot-window share, longest fitting hot window, floor. */
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  costOptions,
  hotWindowShare,
  longestHotWindowWithin,
  MIN_HOT_WINDOW_DAYS,
  PROVISIONED_UTILISATION,
} from '../../../lib/cost/cost-options';
import { optionsText, TARGET_PER_MILLION_USD } from '../../../lib/cost/cost-report';
import { lifetimeComparison, writeUnitUsd, type LifetimeEstimate } from '../../../lib/cost/lifetime-cost';
import { PRICES } from '../../../lib/cost/prices-us-east-1';
import { readStackSettings, type StackSettings } from '../../../lib/cost/stack-settings';
import { synthAuditTemplate } from '../../../lib/cost/synth-template';
import { DEFAULT_WORKLOAD } from '../../../lib/cost/workload';
import { RECORDS_RETENTION_DAYS } from '../../../lambdas/core/catalogue';

let stack: StackSettings;
beforeAll(() => {
  stack = readStackSettings(synthAuditTemplate());
}, 120_000);

/** A fake option whose cost grows by $0.01 a day from $1: meets $1.50 up to 50 days. */
const linear = (days: number): LifetimeEstimate =>
  ({ perMillionUsd: 1 + days / 100, lines: [], scenario: { name: 'linear' } }) as unknown as LifetimeEstimate;

describe('write unit prices', () => {
  it('on demand: the request price per unit', () => {
    expect(writeUnitUsd('STANDARD')).toBeCloseTo(PRICES.dynamoWrite.usd / 1e6, 12);
  });

  it('provisioned: a unit-hour over the 3600 writes it carries at the utilisation', () => {
    const capacity = { mode: 'provisioned', utilisation: 0.5 } as const;
    expect([writeUnitUsd('STANDARD', capacity), writeUnitUsd('STANDARD_INFREQUENT_ACCESS', capacity)]).toEqual([
      PRICES.dynamoWcuHour.usd / 1800,
      PRICES.dynamoWcuHourIa.usd / 1800,
    ]);
  });
});

describe('longestHotWindowWithin', () => {
  it('finds the last whole day within the target', () => {
    expect(longestHotWindowWithin(1.5, linear)).toBe(50);
  });

  it('is undefined when even the shortest window misses, and the records retention when all fit', () => {
    expect(longestHotWindowWithin(1.005, linear)).toBeUndefined();
    expect(longestHotWindowWithin(1000, linear)).toBe(RECORDS_RETENTION_DAYS);
  });
});

describe('costOptions', () => {
  it('prices both table classes on demand and provisioned, on-demand figures matching the lifetime comparison', () => {
    const { options } = costOptions(stack, DEFAULT_WORKLOAD, TARGET_PER_MILLION_USD);
    const [, standard, ia] = lifetimeComparison(stack, DEFAULT_WORKLOAD);
    expect(options.map((o) => o.estimate.perMillionUsd)).toEqual([
      expect.closeTo(standard!.perMillionUsd, 9),
      expect.any(Number),
      expect.closeTo(ia!.perMillionUsd, 9),
      expect.any(Number),
    ]);
  });

  it('makes provisioned writes cheaper than on demand at the 70 % target', () => {
    const { options } = costOptions(stack, DEFAULT_WORKLOAD, TARGET_PER_MILLION_USD);
    const writes = options.map((o) => o.estimate.lines[0]!.usd);
    expect(PROVISIONED_UTILISATION).toBe(0.7);
    expect(writes[1]).toBeLessThan(writes[0]!);
    expect(writes[3]).toBeLessThan(writes[2]!);
  });

  it('states the hot window share as table storage plus PITR over the total', () => {
    const { options } = costOptions(stack, DEFAULT_WORKLOAD, TARGET_PER_MILLION_USD);
    const e = options[0]!.estimate;
    const hot = e.lines.filter((l) => /^(table storage|point-in-time)/.test(l.item)).reduce((n, l) => n + l.usd, 0);
    expect(hotWindowShare(e)).toBeCloseTo(hot / e.perMillionUsd, 9);
    expect(options[0]!.hotWindowShare).toBeGreaterThan(0);
  });

  it('gives each option a hot window within a reachable target, and the floor as the cheapest at the shortest window', () => {
    const reachable = 40;
    const o = costOptions(stack, DEFAULT_WORKLOAD, reachable);
    for (const opt of o.options) {
      expect(opt.longestHotWindowDays).toBeGreaterThanOrEqual(MIN_HOT_WINDOW_DAYS);
    }
    expect(o.floor.scenario.hotWindowDays).toBe(MIN_HOT_WINDOW_DAYS);
    expect(o.floor.perMillionUsd).toBeLessThanOrEqual(Math.min(...o.options.map((x) => x.estimate.perMillionUsd)));
  });

  it('prints each option and the floor with its verdict', () => {
    const text = optionsText(costOptions(stack, DEFAULT_WORKLOAD, TARGET_PER_MILLION_USD));
    expect(text.match(/longest hot window within \$1\.50: /g)).toHaveLength(4);
    expect(text).toMatch(/^floor: .* per million events, (meets|misses) ≤ \$1\.50/m);
  });
});
