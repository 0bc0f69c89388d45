/** A million events over their life: before and after the hot window, on each table class. */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { lifetimeComparison } from '../../../lib/cost/lifetime-cost';
import { lifetimeText } from '../../../lib/cost/cost-report';
import { readStackSettings, type StackSettings } from '../../../lib/cost/stack-settings';
import { synthAuditTemplate } from '../../../lib/cost/synth-template';
import { DEFAULT_WORKLOAD } from '../../../lib/cost/workload';

let stack: StackSettings;
beforeAll(() => {
  stack = readStackSettings(synthAuditTemplate());
}, 120_000);

const usdOf = (lines: readonly { item: string; usd: number }[], item: RegExp) => lines.find((l) => item.test(l.item))?.usd ?? Number.NaN;

describe('lifetime cost per million events', () => {
  it('costs less after the hot window and lean projections than before', () => {
    const [before, standard, ia] = lifetimeComparison(stack, DEFAULT_WORKLOAD);
    expect(standard!.perMillionUsd).toBeLessThan(before!.perMillionUsd);
    expect(ia!.perMillionUsd).toBeLessThan(before!.perMillionUsd);
    expect(usdOf(standard!.lines, /^table writes/)).toBeLessThan(usdOf(before!.lines, /^table writes/));
  });

  it('favours Standard-IA over a 395-day hot window, and Standard when the window is one day', () => {
    const [, standard, ia] = lifetimeComparison({ ...stack, hotWindowDays: 395 }, DEFAULT_WORKLOAD);
    expect(ia!.perMillionUsd).toBeLessThan(standard!.perMillionUsd);
    const [, shortStandard, shortIa] = lifetimeComparison({ ...stack, hotWindowDays: 1 }, DEFAULT_WORKLOAD);
    expect(shortStandard!.perMillionUsd).toBeLessThan(shortIa!.perMillionUsd);
  });

  it('locks debug events a month and records seven years, while every block\'s leaf list stays for the longest lock', () => {
    const only = (rc: 'debug' | 'application') => ({
      ...DEFAULT_WORKLOAD,
      retentionMix: { security: 0, application: 0, system: 0, debug: 0, [rc]: 1 },
    });
    const [, records] = lifetimeComparison(stack, only('application'));
    const [, debug] = lifetimeComparison(stack, only('debug'));
    const [before] = lifetimeComparison(stack, only('debug'));
    const [archiveOf] = [(e: typeof records) => usdOf(e!.lines, /^archive storage/)];
    expect(archiveOf(debug)).toBeLessThan(archiveOf(records) * 0.6);
    // Before, one lock for the whole archive: debug events were kept as long as records.
    expect(archiveOf(before)).toBeCloseTo(archiveOf(records), 6);
  });

  it('prints every scenario with its verdict against the target', () => {
    const text = lifetimeText(lifetimeComparison(stack, DEFAULT_WORKLOAD));
    expect(text).toMatch(/^before: .* per million events \((meets|misses) ≤ \$1\.50\)$/m);
    expect(text.match(/^after: /gm)).toHaveLength(2);
    expect(text).toMatch(/^cheapest: /m);
  });
});
