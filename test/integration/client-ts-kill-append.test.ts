import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readOutboxStatus } from '../../clients/typescript/src/index';
import { spoolFile } from '../../clients/typescript/src/outbox-files';
import { CHILD_TIMEOUT_MS, killAll, startChild } from '../fixtures/client-child-process';
import { ClientStack } from '../fixtures/client-stack';
import { waitFor } from '../fixtures/wait-for';

/**
 * kill -9 of a process while its outbox is appending: with the API down, a child records
 * large events from 64 concurrent callers (about half a megabyte a write) and is killed, and
 * a new child on the same outbox is killed again, at later and later points, most of them
 * the moment the spool's last line is seen half written. Then the API returns and a last
 * child drains: every event a child reported queued is stored exactly once, in recording
 * order, and nothing is stored damaged (a torn line is cut off, never sent).
 */

const PAD_BYTES = 8 * 1024;
const MIN_KILLS = 3;
const MAX_KILLS = 6;
/** Up to six child start-ups and a drain of tens of megabytes: 226 s on a two-core machine at load average 17. */
const TEST_TIMEOUT_MS = 1_200_000;
let stack: ClientStack;

beforeAll(async () => {
  stack = await ClientStack.start();
});
afterAll(async () => {
  killAll();
  await stack?.stop();
});

/** True when the file's last line has no newline yet: a write is (or was, at a kill) half done. */
function endsTorn(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    const last = Buffer.alloc(1);
    return size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** Polls in short synchronous bursts (yielding between them, so the child's output is read) until a line is half written. */
async function waitUntilMidAppend(file: string, timeoutMs: number): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((resolve) => setImmediate(resolve))) {
    for (const burst = Date.now() + 50; Date.now() < burst; ) if (endsTorn(file)) return true;
  }
  return false;
}

describe('kill -9 mid-append', () => {
  it('keeps every event reported queued, once and in order, through repeated kills while appending', async () => {
    // Prepare
    const outboxDir = await mkdtemp(join(tmpdir(), 'dmis-outbox-append-'));
    const spool = spoolFile(outboxDir, 0); // no drain while the API is down: the generation stays 0
    await stack.stopApi();
    const reported: string[] = [];
    let tornKills = 0;
    // Act: kill after more reported events each time; from the second kill on, mid-write when caught.
    for (let run = 0; run < MAX_KILLS && (run < MIN_KILLS || tornKills === 0); run++) {
      const child = startChild([stack.localDir, outboxDir, 'append', String(run), String(PAD_BYTES)]);
      await waitFor(async () => (child.lines.length >= 100 * (run + 1) ? true : undefined), CHILD_TIMEOUT_MS);
      if (run > 0) await waitUntilMidAppend(spool, 10_000);
      child.process.kill('SIGKILL');
      await child.exited;
      if (endsTorn(spool)) tornKills++;
      reported.push(...child.lines.map((seq) => `${run}:${seq}`));
    }
    const queuedAtEnd = (await readOutboxStatus(outboxDir)).pendingEvents;
    await stack.startApi();
    const drainer = startChild([stack.localDir, outboxDir, 'drain']);
    // Assess
    expect(await drainer.exited).toBe(0);
    expect(drainer.lines).toContain('drained');
    expect(tornKills).toBeGreaterThan(0);
    expect(queuedAtEnd).toBeGreaterThanOrEqual(reported.length);
    const rows = (await stack.storedRows()).filter((row) => row.userId === 'appender');
    const key = (row: (typeof rows)[number]) => `${String(row.metadata?.run)}:${String(row.metadata?.seq)}`;
    const damaged = rows.filter((row) => row.metadata?.pad !== 'p'.repeat(PAD_BYTES) || !Number.isInteger(row.metadata?.run) || !Number.isInteger(row.seq));
    expect(damaged.map(key)).toEqual([]);
    expect(new Set(rows.map(key)).size).toBe(rows.length);
    const stored = new Set(rows.map(key));
    expect(reported.filter((event) => !stored.has(event))).toEqual([]);
    const ordered = rows.sort((a, b) => Number(a.metadata?.run) - Number(b.metadata?.run) || (a.seq ?? 0) - (b.seq ?? 0));
    expect(ordered.filter((row, i) => i > 0 && row.ingestedAt < ordered[i - 1]!.ingestedAt).map(key)).toEqual([]);
    console.log(`kill -9 mid-append: ${reported.length} events reported queued, ${rows.length} stored, ${tornKills} kill(s) left a torn line`);
  }, TEST_TIMEOUT_MS);
});
