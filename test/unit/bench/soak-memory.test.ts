import { describe, expect, it } from '@jest/globals';
import { MemorySampler, slopeMbPerMinute } from '../../../bench/soak-memory';

const MB = 1e6;

function samplerWith(rssMb: readonly number[], heapAfterGcMb: readonly (number | undefined)[]): MemorySampler {
  const sampler = new MemorySampler(() => 0);
  rssMb.forEach((v, minute) => sampler.rss.push({ minute, bytes: v * MB }));
  heapAfterGcMb.forEach((v, minute) =>
    sampler.minutes.push({ minute, rss: (rssMb[minute] ?? 0) * MB, heapUsed: 40 * MB, external: 0, arrayBuffers: 0, heapAfterGc: v === undefined ? undefined : v * MB }),
  );
  return sampler;
}

describe('soak memory figures', () => {
  it('gives the slope of per-minute samples in MB per minute', () => {
    expect(slopeMbPerMinute([25, 25, 25, 25].map((v) => v * MB))).toBe(0);
    expect(slopeMbPerMinute([20, 21, 22, 23, 24].map((v) => v * MB))).toBeCloseTo(1, 6);
    expect(slopeMbPerMinute([30 * MB])).toBe(0);
  });

  it('checks RSS and post-GC heap against ±15 % separately', () => {
    // RSS flat, live heap growing 30 %: a leak that RSS alone would hide.
    const [rss, heap] = samplerWith([160, 165, 170, 168], [25, 28, 31, 33]).summary();
    expect(rss).toBe('RSS MB: first-minute mean 160, min 160, max 170; within ±15 %: true');
    expect(heap).toBe('post-GC heap MB: minute 1 25, min 25, max 33; within ±15 %: false; trend 2.70 MB/min');
  });

  it('says when the post-GC heap was not measured', () => {
    const [, heap] = samplerWith([160, 250], [undefined, undefined]).summary();
    expect(heap).toBe('post-GC heap: not measured (run node with --expose-gc)');
  });

  it('prints the memory columns of a minute', () => {
    expect(samplerWith([160, 170], [25, 26]).row(1)).toBe('170 | 40 | 26 | 0 | 0 |');
  });
});
