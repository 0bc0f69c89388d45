import { mkdtemp, open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { OutboxFullError } from '../../../clients/typescript/src/errors';
import { Outbox } from '../../../clients/typescript/src/outbox';
import { parseSpoolLine, spoolFile } from '../../../clients/typescript/src/outbox-files';

/**
 * The outbox's group commit on a real folder: appends arriving while a write and sync run
 * share the next one, and each append resolves only once the sync covering its line is done.
 * The real fdatasync runs; it is only watched, to learn what size each one made durable.
 */

const CALLERS = 64;
const PER_CALLER = 5;
let dir: string;
let synced: number[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dmis-outbox-group-'));
  const probe = await open(join(dir, 'probe'), 'w');
  const prototype = Object.getPrototypeOf(probe) as FileHandle;
  await probe.close();
  const datasync = prototype.datasync;
  synced = [];
  jest.spyOn(prototype, 'datasync').mockImplementation(async function (this: FileHandle) {
    await datasync.call(this);
    synced.push((await this.stat()).size);
  });
});
afterEach(async () => {
  jest.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const eventJson = (caller: number, seq: number) => JSON.stringify({ eventId: `c${caller}-s${seq}`, metadata: { caller, seq } });

describe('group commit', () => {
  it(`shares syncs among ${CALLERS} concurrent callers and resolves each append only after its line is synced`, async () => {
    // Prepare
    const outbox = await Outbox.open({ dir });
    const notDurable: string[] = [];
    // Act: each caller appends its events one after another, all callers at once.
    const caller = async (c: number) => {
      for (let seq = 0; seq < PER_CALLER; seq++) {
        await outbox.append(eventJson(c, seq));
        const durable = (await readFile(spoolFile(dir, 0))).subarray(0, Math.max(0, ...synced)).toString('utf8');
        if (!durable.includes(`"c${c}-s${seq}"`)) notDurable.push(`c${c}-s${seq}`);
      }
    };
    await Promise.all(Array.from({ length: CALLERS }, (_, c) => caller(c)));
    await outbox.close();
    // Assess
    expect(notDurable).toEqual([]);
    expect(synced.length).toBeLessThan(CALLERS * PER_CALLER / 4);
    const lines = (await readFile(spoolFile(dir, 0), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(parseSpoolLine(line).eventJson) as { metadata: { caller: number; seq: number } });
    expect(lines).toHaveLength(CALLERS * PER_CALLER);
    for (let c = 0; c < CALLERS; c++) {
      expect(lines.filter((line) => line.metadata.caller === c).map((line) => line.metadata.seq)).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('refuses only the appends past the bound within one shared write, and keeps the rest', async () => {
    // Prepare
    const outbox = await Outbox.open({ dir, maxEvents: 10 });
    // Act
    const settled = await Promise.allSettled(Array.from({ length: 25 }, (_, seq) => outbox.append(eventJson(0, seq))));
    await outbox.close();
    // Assess
    expect(settled.map((s) => s.status)).toEqual([...Array<string>(10).fill('fulfilled'), ...Array<string>(15).fill('rejected')]);
    expect(settled.filter((s) => s.status === 'rejected').every((s) => (s as PromiseRejectedResult).reason instanceof OutboxFullError)).toBe(true);
    expect((await readFile(spoolFile(dir, 0), 'utf8')).trimEnd().split('\n')).toHaveLength(10);
  });
});
