import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readOutboxStatus } from '../../clients/typescript/src/index';
import { ClientStack } from '../fixtures/client-stack';
import { waitFor } from '../fixtures/wait-for';

/**
 * kill -9 of a process using the client while it drains its outbox: the next process on the
 * same outbox drains the rest, and every event is stored exactly once, in recording order
 * (events sent but not yet marked are sent again and answered as duplicates).
 */

const EVENTS = 1000;
/** A child's tsx start-up alone can take a minute on a loaded two-core runner. */
const CHILD_TIMEOUT_MS = 180_000;
const CHILD = join(process.cwd(), 'test', 'fixtures', 'client-child.ts');
let stack: ClientStack;

beforeAll(async () => {
  stack = await ClientStack.start();
});
const started: ChildProcess[] = [];
afterAll(async () => {
  // A failed test must not leave a child draining into the next one.
  for (const proc of started) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  await stack?.stop();
});

/** Starts the child and collects its output lines. */
function child(args: string[]): { process: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  // node itself runs the client (tsx as a loader): the tsx binary would wrap it in a second process that a kill would miss.
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(proc);
  const lines: string[] = [];
  proc.stdout?.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { process: proc, lines, exited };
}

describe('kill -9 mid-drain', () => {
  it(`loses none of ${EVENTS} queued events and stores none twice`, async () => {
    // Prepare: the API is down while the child records, so every event is spooled.
    const outboxDir = await mkdtemp(join(tmpdir(), 'dmis-outbox-kill-'));
    await stack.stopApi();
    const first = child([stack.localDir, outboxDir, 'record', String(EVENTS)]);
    await waitFor(async () => (first.lines.includes(`queued ${EVENTS}`) ? true : undefined), CHILD_TIMEOUT_MS);
    // Act: the API comes back, the child starts draining, and is killed part-way.
    await stack.startApi();
    await waitFor(async () => {
      const { pendingEvents } = await readOutboxStatus(outboxDir);
      return pendingEvents <= EVENTS - 100 ? pendingEvents : undefined;
    }, CHILD_TIMEOUT_MS);
    first.process.kill('SIGKILL');
    await first.exited;
    const left = (await readOutboxStatus(outboxDir)).pendingEvents;
    const second = child([stack.localDir, outboxDir, 'drain']);
    // Assess
    expect(await second.exited).toBe(0);
    expect(second.lines).toContain('drained');
    expect(left).toBeGreaterThan(0);
    expect(first.lines).not.toContain('drained');
    const rows = (await stack.storedRows()).filter((row) => row.userId === 'child').sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: EVENTS }, (_, seq) => seq));
    expect(rows.filter((row, i) => i > 0 && row.ingestedAt < rows[i - 1]!.ingestedAt)).toEqual([]);
  }, 3 * CHILD_TIMEOUT_MS);
});
