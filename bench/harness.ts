/**
 * Benchmark helpers: every figure is printed next to a baseline measured in the same
 * run, on the same machine, so the ratio means something on any machine.
 */

/** Runs `fn` `iterations` times and returns total milliseconds. */
export async function timeIt(iterations: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn(i);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** The median of a list. */
export const median = (values: readonly number[]) => percentile(values, 50);

/** One printed result row. */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  readonly target?: string;
}

/** Prints rows as an aligned table with the ratio value/baseline where there is one. */
export function printRows(title: string, rows: readonly BenchRow[]): void {
  console.log(`\n## ${title}`);
  for (const row of rows) {
    const ratio = row.baseline === undefined ? '' : `  ratio ${(row.value / row.baseline).toFixed(2)} (baseline ${fmt(row.baseline)} ${row.unit})`;
    const target = row.target ? `  target ${row.target}` : '';
    console.log(`${row.name.padEnd(48)} ${fmt(row.value).padStart(12)} ${row.unit}${ratio}${target}`);
  }
}

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(2);
}
