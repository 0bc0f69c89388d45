/**
 * Soak: the local stack (`npm start`'s runtime, in this process) under a steady mix of
 * writes, searches and exports for `--minutes` (default 30). Reports RSS and post-GC heap
 * against ±15 % of the first minute (bench/soak-memory.ts), p99 latency per minute and kind,
 * errors, and lost events: every accepted eventId is looked for in the table and, once
 * sealed, the archive. Not part of CI. `npm run soak -- --minutes 5 --rate 20`;
 * `--heap-snapshots <dir>` also writes V8 heap snapshots after minute 1 and at the end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalBlockArchive } from '../lambdas/adapters/local/local-archive';
import { localArchiveDir } from '../local/sealer-timer';
import { startLocalRuntime, type LocalRuntime } from '../local/runtime';
import { anEvent } from '../test/fixtures/events';
import { percentile } from './harness';
import { MEMORY_COLUMNS, MemorySampler } from './soak-memory';
import { storedIds } from './soak-table';

type Kind = 'write' | 'search' | 'export';
interface Sample { readonly kind: Kind; readonly ms: number; readonly status: number; readonly minute: number }

const { values: args } = parseArgs({
  options: { minutes: { type: 'string', default: '30' }, rate: { type: 'string', default: '20' }, 'heap-snapshots': { type: 'string' } },
});
const MINUTES = Number(args.minutes);
const WRITES_PER_SECOND = Number(args.rate);
// Short blocks so the last writes are sealed (and counted in the archive) soon after the load stops.
process.env.BLOCK_SECONDS ??= '15';
process.env.SEAL_GRACE_SECONDS ??= '5';

const samples: Sample[] = [];
const accepted: string[] = [];
let started = 0;
const minuteNow = () => Math.floor((Date.now() - started) / 60_000);
const memory = new MemorySampler(minuteNow, args['heap-snapshots']);

async function timed(runtime: LocalRuntime, kind: Kind, path: string, body?: unknown): Promise<Response | undefined> {
  const t = performance.now();
  const token = kind === 'write' ? runtime.credentials.writer : runtime.credentials.reader;
  try {
    const res = await fetch(`${runtime.apiUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await res.clone().arrayBuffer();
    samples.push({ kind, ms: performance.now() - t, status: res.status, minute: minuteNow() });
    return res;
  } catch {
    samples.push({ kind, ms: performance.now() - t, status: 0, minute: minuteNow() });
    return undefined;
  }
}

/** Runs `step` every `periodMs` (fixed schedule, no catch-up bursts) until `end`. */
async function paced(periodMs: number, end: number, step: () => Promise<void>): Promise<void> {
  for (let next = Date.now(); Date.now() < end; next = Math.max(next + periodMs, Date.now())) {
    await step();
    await new Promise((r) => setTimeout(r, Math.max(0, next + periodMs - Date.now())));
  }
}

async function write(runtime: LocalRuntime): Promise<void> {
  const event = anEvent({ occurredAt: new Date().toISOString() });
  const res = await timed(runtime, 'write', '/v1/events', event);
  if (res?.status === 201) accepted.push(event.eventId as string);
}

const lastMinute = () => `from=${new Date(Date.now() - 60_000).toISOString()}&to=${new Date(Date.now() + 1000).toISOString()}`;

async function load(runtime: LocalRuntime): Promise<void> {
  const end = Date.now() + MINUTES * 60_000;
  memory.start();
  // Writers: four paced loops share the rate, so one slow answer does not stall the rest.
  const writers = Array.from({ length: 4 }, () => paced(4000 / WRITES_PER_SECOND, end, () => write(runtime)));
  const search = paced(1000, end, async () => void (await timed(runtime, 'search', `/v1/events?${lastMinute()}&limit=50`)));
  const exporter = paced(15_000, end, async () => void (await timed(runtime, 'export', `/v1/export?format=ndjson&${lastMinute()}`)));
  await Promise.all([...writers, search, exporter]);
  memory.stop();
}

async function archivedIds(localDir: string): Promise<Set<string>> {
  const archive = new LocalBlockArchive(localArchiveDir(localDir));
  const ids = new Set<string>();
  for (const seq of await archive.listBlockSeqs()) for (const leaf of (await archive.getBlock(seq))?.leaves ?? []) ids.add(leaf.eventId);
  return ids;
}

/** Waits (up to 3 min) until the sealer has archived every accepted event. */
async function sealedCount(localDir: string): Promise<Set<string>> {
  let ids = await archivedIds(localDir);
  for (const end = Date.now() + 180_000; Date.now() < end && accepted.some((id) => !ids.has(id)); ) {
    await new Promise((r) => setTimeout(r, 2000));
    ids = await archivedIds(localDir);
  }
  return ids;
}

function report(inTable: Set<string>, inArchive: Set<string>): void {
  console.log(`# Soak: ${MINUTES} min, ${WRITES_PER_SECOND} writes/s target, 1 search/s, 1 export/15 s`);
  for (const line of memory.summary()) console.log(line);
  const columns = ['minute', 'writes', 'write p99 ms', 'searches', 'search p99 ms', 'exports', 'export p99 ms', 'errors', ...MEMORY_COLUMNS];
  console.log(`| ${columns.join(' | ')} |`);
  console.log(`|${'---|'.repeat(columns.length)}`);
  for (let m = 0; m < MINUTES; m++) {
    const of = (k: Kind) => samples.filter((s) => s.minute === m && s.kind === k);
    const p99 = (k: Kind) => Math.round(percentile(of(k).map((s) => s.ms), 99));
    const errors = samples.filter((s) => s.minute === m && (s.status >= 400 || s.status === 0)).length;
    console.log(`| ${m + 1} | ${of('write').length} | ${p99('write')} | ${of('search').length} | ${p99('search')} | ${of('export').length} | ${p99('export')} | ${errors} | ${memory.row(m)}`);
  }
  const lostTable = accepted.filter((id) => !inTable.has(id)).length;
  const lostArchive = accepted.filter((id) => !inArchive.has(id)).length;
  const statuses = [...new Set(samples.filter((s) => s.status >= 400 || s.status === 0).map((s) => s.status))];
  console.log(`error statuses: ${statuses.join(', ') || 'none'}`);
  console.log(`accepted events ${accepted.length}; errors ${samples.filter((s) => s.status >= 400 || s.status === 0).length}; missing from table ${lostTable}; missing from archive ${lostArchive}`);
}

async function main(): Promise<void> {
  const localDir = await mkdtemp(join(tmpdir(), 'dmis-soak-'));
  const runtime = await startLocalRuntime({ localDir, port: 0, tableName: 'dmis-audit-local' });
  try {
    started = Date.now();
    await load(runtime);
    const inArchive = await sealedCount(localDir);
    report(await storedIds(runtime), inArchive);
  } finally {
    await runtime.stop();
    await rm(localDir, { recursive: true, force: true });
  }
}

await main();
