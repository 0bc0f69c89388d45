import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readOutboxStatus } from '../../clients/typescript/src/index';
import { readProgress, spoolFile } from '../../clients/typescript/src/outbox-files';
import { CHILD_TIMEOUT_MS, killAll, startChild } from '../fixtures/client-child-process';
import { ClientStack } from '../fixtures/client-stack';
import { waitFor } from '../fixtures/wait-for';

/**
 * kill -9 of a process using the client while it drains its outbox: the next process on the
 * same outbox drains the rest, and every event is stored exactly once, in recording order
 * (events sent but not yet marked are sent again and answered as duplicates).
 * EVENTS is CLIENT_FAULT_EVENTS (default 10,000).
 */

const EVENTS = Number(process.env.CLIENT_FAULT_EVENTS ?? 10_000);
/** Spooling, draining and re-draining 10,000 events took 532 s on a two-core machine at load average 30. */
const TEST_TIMEOUT_MS = 1_200_000;
const DRAIN_PROGRESS_TIMEOUT_MS = 600_000;
let stack: ClientStack;

beforeAll(async () => {
  stack = await ClientStack.start();
});
afterAll(async () => {
  killAll();
  await stack?.stop();
});

describe('kill -9 mid-drain', () => {
  it(`loses none of ${EVENTS} queued events and stores none twice`, async () => {
    // Prepare: the API is down while the child records, so every event is spooled.
    const outboxDir = await mkdtemp(join(tmpdir(), 'dmis-outbox-kill-'));
    await stack.stopApi();
    const first = startChild([stack.localDir, outboxDir, 'record', String(EVENTS)]);
    await waitFor(async () => (first.lines.includes(`queued ${EVENTS}`) ? true : undefined), CHILD_TIMEOUT_MS);
    // Act: the API comes back, the child starts draining, and is killed a quarter of the way in.
    await stack.startApi();
    const spoolBytes = (await stat(spoolFile(outboxDir, 0))).size;
    // The progress marker, not a count of the spool's lines: cheap enough to poll while the API serves the drain.
    await waitFor(async () => {
      const { generation, offset } = await readProgress(outboxDir);
      return generation > 0 || offset >= spoolBytes / 4 ? true : undefined;
    }, DRAIN_PROGRESS_TIMEOUT_MS);
    first.process.kill('SIGKILL');
    await first.exited;
    const left = (await readOutboxStatus(outboxDir)).pendingEvents;
    const second = startChild([stack.localDir, outboxDir, 'drain']);
    // Assess
    expect(await second.exited).toBe(0);
    expect(second.lines).toContain('drained');
    expect(left).toBeGreaterThan(0);
    expect(first.lines).not.toContain('drained');
    const rows = (await stack.storedRows()).filter((row) => row.userId === 'child').sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: EVENTS }, (_, seq) => seq));
    expect(rows.filter((row, i) => i > 0 && row.ingestedAt < rows[i - 1]!.ingestedAt)).toEqual([]);
  }, TEST_TIMEOUT_MS);
});
