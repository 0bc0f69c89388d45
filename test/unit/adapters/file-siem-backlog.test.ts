import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { FileSiemBacklog } from '../../../lambdas/adapters/local/file-siem-backlog';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { storedEvents } from '../../fixtures/siem-events';

const ids = (events: readonly StoredEvent[]) => events.map((e) => e.eventId);
const tempDir = () => mkdtemp(join(tmpdir(), 'dmis-siem-backlog-'));

describe('file SIEM backlog', () => {
  it('gives back kept events in order and forgets them once acknowledged', async () => {
    const backlog = new FileSiemBacklog(await tempDir());
    const events = storedEvents(5);
    await backlog.append('siem', events.slice(0, 3));
    await backlog.append('siem', events.slice(3));
    expect(ids(await backlog.peek('siem', 2))).toEqual(ids(events.slice(0, 2)));
    await backlog.ack('siem', 2);
    expect(ids(await backlog.peek('siem', 10))).toEqual(ids(events.slice(2)));
  });

  it('keeps each destination apart', async () => {
    const backlog = new FileSiemBacklog(await tempDir());
    const [a, b] = storedEvents(2);
    await backlog.append('one', [a as StoredEvent]);
    await backlog.append('two', [b as StoredEvent]);
    expect([ids(await backlog.peek('one', 5)), ids(await backlog.peek('two', 5))]).toEqual([[a?.eventId], [b?.eventId]]);
  });

  it('finds what it kept and what was acknowledged after a restart', async () => {
    const dir = await tempDir();
    const events = storedEvents(4);
    const first = new FileSiemBacklog(dir);
    await first.append('siem', events);
    await first.ack('siem', 1);
    const reopened = new FileSiemBacklog(dir);
    expect(ids(await reopened.peek('siem', 10))).toEqual(ids(events.slice(1)));
    expect(await reopened.peek('siem', 10)).toEqual(events.slice(1));
  });

  it('ignores a torn last line and appends cleanly after it', async () => {
    const dir = await tempDir();
    const events = storedEvents(3);
    await new FileSiemBacklog(dir).append('siem', events.slice(0, 2));
    await appendFile(join(dir, 'siem.ndjson'), '{"seq":3,"keptAt":"2026-11-20T10:00:00.000Z","event":{"eventId":"to');
    const reopened = new FileSiemBacklog(dir);
    expect(ids(await reopened.peek('siem', 10))).toEqual(ids(events.slice(0, 2)));
    await reopened.append('siem', events.slice(2));
    expect(ids(await new FileSiemBacklog(dir).peek('siem', 10))).toEqual(ids(events));
  });

  it('empties its file once everything is delivered, and numbers on from there', async () => {
    const dir = await tempDir();
    const backlog = new FileSiemBacklog(dir);
    const events = storedEvents(3);
    await backlog.append('siem', events.slice(0, 2));
    await backlog.ack('siem', 2);
    expect(await readFile(join(dir, 'siem.ndjson'), 'utf8')).toBe('');
    await backlog.append('siem', events.slice(2));
    expect(ids(await new FileSiemBacklog(dir).peek('siem', 10))).toEqual(ids(events.slice(2)));
  });

  it('reports the length and the age of the oldest kept event', async () => {
    let now = new Date('2026-11-20T10:00:00.000Z');
    const backlog = new FileSiemBacklog(await tempDir(), () => now);
    expect(await backlog.status('siem')).toEqual({ length: 0, oldestAgeSeconds: 0 });
    await backlog.append('siem', storedEvents(2));
    now = new Date('2026-11-20T10:01:30.000Z');
    await backlog.append('siem', storedEvents(1));
    expect(await backlog.status('siem')).toEqual({ length: 3, oldestAgeSeconds: 90 });
  });

  it('refuses a destination name that is not a file-safe name', async () => {
    const backlog = new FileSiemBacklog(await tempDir());
    await expect(backlog.peek('../etc', 1)).rejects.toThrow('not a SIEM destination name');
  });
});
