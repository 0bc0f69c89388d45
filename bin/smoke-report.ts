/**
 * The smoke test's result rows and the pass/fail table it prints. A row is `skipped` when
 * the check cannot run against this target (and says why), never silently left out.
 */
import { neutraliseLine } from '../lambdas/core/display-text';

/** Outcome of one check. */
export type SmokeStatus = 'pass' | 'fail' | 'skipped';

/** One row of the table. */
export interface SmokeRow {
  readonly check: string;
  readonly status: SmokeStatus;
  readonly detail: string;
  readonly seconds: number;
}

/** Runs one check, timing it; an exception is a failure whose message is the detail. */
export async function timed(check: string, run: () => Promise<{ status: SmokeStatus; detail: string }>): Promise<SmokeRow> {
  const started = Date.now();
  try {
    const { status, detail } = await run();
    return { check, status, detail, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    return { check, status: 'fail', detail: (error as Error).message, seconds: (Date.now() - started) / 1000 };
  }
}

/** A row for a check that could not run because an earlier one failed. */
export function notRun(check: string, because: string): SmokeRow {
  return { check, status: 'skipped', detail: `not run: ${because} failed`, seconds: 0 };
}

/** Passes when the condition holds, else fails with the detail. */
export function expectThat(ok: boolean, passDetail: string, failDetail: string): { status: SmokeStatus; detail: string } {
  return ok ? { status: 'pass', detail: passDetail } : { status: 'fail', detail: failDetail };
}


/** The table, one line per row (details may quote other commands: neutralised), then a summary line. */
export function smokeTable(target: string, rows: readonly SmokeRow[]): string {
  const width = Math.max(...rows.map((r) => r.check.length), 5);
  const lines = rows.map((r) => `${r.check.padEnd(width)}  ${r.status.toUpperCase().padEnd(7)} ${r.seconds.toFixed(1).padStart(6)}s  ${neutraliseLine(r.detail)}`);
  const failed = rows.filter((r) => r.status === 'fail').length;
  const skipped = rows.filter((r) => r.status === 'skipped').length;
  return [
    `smoke test of ${target}`,
    `${'check'.padEnd(width)}  result     time  detail`,
    ...lines,
    `${failed === 0 ? 'PASS' : 'FAIL'}: ${rows.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped`,
  ].join('\n');
}
