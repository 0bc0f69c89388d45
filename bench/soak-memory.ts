/**
 * The soak's memory figures. RSS alone cannot tell a leak from a V8 heap that has not been
 * collected yet, so each minute records `process.memoryUsage()` and, when node runs with
 * `--expose-gc` (`npm run soak` does), heapUsed right after a forced full GC: live objects
 * only. A leak shows as post-GC heap that keeps rising; GC timing shows as RSS swings over
 * a flat post-GC heap.
 */
import { writeHeapSnapshot } from 'node:v8';
import { join } from 'node:path';

/** One per-minute sample, bytes. */
export interface MemorySample {
  readonly minute: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
  /** heapUsed after a forced full GC; undefined when node was started without --expose-gc. */
  readonly heapAfterGc: number | undefined;
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (b: number) => Math.round(b / 1e6);

/** Samples RSS every 5 s (peaks) and the full memory picture once a minute. */
export class MemorySampler {
  readonly rss: { readonly minute: number; readonly bytes: number }[] = [];
  readonly minutes: MemorySample[] = [];
  private readonly timers: NodeJS.Timeout[] = [];

  /** `snapshotDir`: write a heap snapshot after minute 1 and after the last minute. */
  constructor(
    private readonly minuteNow: () => number,
    private readonly snapshotDir?: string,
  ) {}

  start(): void {
    this.timers.push(setInterval(() => this.rss.push({ minute: this.minuteNow(), bytes: process.memoryUsage().rss }), 5_000));
    this.timers.push(setInterval(() => this.sampleMinute(), 60_000));
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    // The last minute's timer can lose the race with the end of the load.
    if ((this.minutes.at(-1)?.minute ?? -1) < this.minuteNow() - 1) this.sampleMinute();
    if (this.snapshotDir) console.error(`heap snapshot: ${writeHeapSnapshot(join(this.snapshotDir, 'soak-last.heapsnapshot'))}`);
  }

  /** Taken at the end of each minute, so it belongs to the minute that just ended. */
  private sampleMinute(): void {
    const minute = this.minuteNow() - 1;
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    gc?.();
    const sample = { minute, rss, heapUsed, external, arrayBuffers, heapAfterGc: gc ? process.memoryUsage().heapUsed : undefined };
    this.minutes.push(sample);
    // Live on stderr, so a long run can be watched (and stopped) before its report.
    console.error(`minute ${minute + 1}: rss ${mb(rss)} MB, heap ${mb(heapUsed)} MB, post-GC heap ${sample.heapAfterGc === undefined ? '-' : mb(sample.heapAfterGc)} MB`);
    if (this.snapshotDir && minute === 0) console.error(`heap snapshot: ${writeHeapSnapshot(join(this.snapshotDir, 'soak-first.heapsnapshot'))}`);
  }

  /** Summary lines: RSS and post-GC heap against ±15 % of their first-minute values, checked separately. */
  summary(): string[] {
    const first = this.rss.filter((r) => r.minute === 0).map((r) => r.bytes);
    const rssLine = band('RSS', first.reduce((a, b) => a + b, 0) / Math.max(1, first.length), this.rss.map((r) => r.bytes), 'first-minute mean');
    const heap = this.minutes.flatMap((m) => (m.heapAfterGc === undefined ? [] : [m.heapAfterGc]));
    const heapLine = heap.length === 0
      ? 'post-GC heap: not measured (run node with --expose-gc)'
      : `${band('post-GC heap', heap[0] as number, heap, 'minute 1')}; trend ${slopeMbPerMinute(heap).toFixed(2)} MB/min`;
    return [rssLine, heapLine];
  }

  /** The per-minute memory columns (empty cells for a minute without a sample). */
  row(minute: number): string {
    const m = this.minutes.find((s) => s.minute === minute);
    const rssMax = Math.max(...this.rss.filter((r) => r.minute === minute).map((r) => r.bytes));
    if (!m) return `${mb(rssMax)} | | | | |`;
    return `${mb(rssMax)} | ${mb(m.heapUsed)} | ${m.heapAfterGc === undefined ? '' : mb(m.heapAfterGc)} | ${mb(m.external)} | ${mb(m.arrayBuffers)} |`;
  }
}

/** The column headers matching `row`. */
export const MEMORY_COLUMNS = ['RSS max MB', 'heap MB', 'post-GC heap MB', 'external MB', 'arrayBuffers MB'];

function band(name: string, baseline: number, values: readonly number[], of: string): string {
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const within = min >= baseline * 0.85 && max <= baseline * 1.15;
  return `${name} MB: ${of} ${mb(baseline)}, min ${mb(min)}, max ${mb(max)}; within ±15 %: ${within}`;
}

/** Least-squares slope of equally spaced (one a minute) samples, MB per minute. */
export function slopeMbPerMinute(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den / 1e6;
}
