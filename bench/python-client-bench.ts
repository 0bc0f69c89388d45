/**
 * The Python client's `record()` cost, measured by clients/python/bench/outbox_record.py
 * with the package's own virtual environment, in the same `npm run bench` run: p50/p99
 * when queued to the outbox (append + fdatasync), one caller and 64 threads at once (group
 * commit), each against the disk's own write + fdatasync of one line, and when handed to the
 * background batch sender. BENCH_PYTHON_EVENTS (default 2000). Without clients/python/.venv
 * it is skipped, not failed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchRow } from './harness';

const PYTHON_DIR = join(process.cwd(), 'clients', 'python');
const PYTHON = join(PYTHON_DIR, '.venv', 'bin', 'python');

/** The script's one JSON line (milliseconds). */
interface PythonFigures {
  readonly threads: number;
  readonly raw_sync_p50_ms: number;
  readonly raw_sync_p99_ms: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly concurrent_p50_ms: number;
  readonly concurrent_p99_ms: number;
  readonly batched_p50_ms: number;
  readonly batched_p99_ms: number;
}

/** Runs the Python bench; `undefined` (after printing why) when there is no virtual environment. */
export async function benchPythonClient(count = Number(process.env.BENCH_PYTHON_EVENTS ?? 2000)): Promise<BenchRow[] | undefined> {
  if (!existsSync(PYTHON)) {
    console.log('\n## Python client\nskipped: no clients/python/.venv');
    return undefined;
  }
  const script = join(PYTHON_DIR, 'bench', 'outbox_record.py');
  const { stdout } = await promisify(execFile)(PYTHON, [script, String(count)], { cwd: PYTHON_DIR, timeout: 600_000 });
  const lines = stdout.trim().split('\n');
  const figures = JSON.parse(lines[lines.length - 1] ?? '{}') as PythonFigures;
  return [
    { name: 'Python raw write + fdatasync of one line, p50', value: figures.raw_sync_p50_ms, unit: 'ms' },
    { name: 'Python raw write + fdatasync of one line, p99', value: figures.raw_sync_p99_ms, unit: 'ms' },
    { name: 'Python record() to the outbox, 1 caller, p50', value: figures.p50_ms, unit: 'ms', baseline: figures.raw_sync_p50_ms },
    { name: 'Python record() to the outbox, 1 caller, p99', value: figures.p99_ms, unit: 'ms', baseline: figures.raw_sync_p99_ms, target: '≤ 1 ms' },
    { name: `Python record() to the outbox, ${figures.threads} threads, p50`, value: figures.concurrent_p50_ms, unit: 'ms', baseline: figures.raw_sync_p50_ms },
    { name: `Python record() to the outbox, ${figures.threads} threads, p99`, value: figures.concurrent_p99_ms, unit: 'ms', baseline: figures.raw_sync_p99_ms, target: '≤ 1 ms' },
    { name: 'Python record() batched (no outbox), p50', value: figures.batched_p50_ms, unit: 'ms' },
    { name: 'Python record() batched (no outbox), p99', value: figures.batched_p99_ms, unit: 'ms' },
  ];
}
