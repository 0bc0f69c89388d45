import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LocalBlockArchive } from '../../../lambdas/adapters/local/local-archive';
import { buildStoredEvent } from '../../../lambdas/core/build-event';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { decodeEvents } from '../../../lambdas/core/integrity/archive-codec';
import { ArchiveObjectExistsError } from '../../../lambdas/core/integrity/ports';
import { debugEventAt, storedEventAt } from '../../fixtures/integrity/events';
import { IntegrityHarness, at } from '../../fixtures/integrity/harness';

/**
 * The local archive's partitioned layout and its per-object locks: the same keys and bytes
 * as S3, and each object's retain-until recorded beside it.
 */

const DAY_MS = 86_400_000;
const DEBUG_PARTITION = 'events/retention=debug/day=2030-01-01/000000000000.ndjson.gz';
const SECURITY_PARTITION = 'events/retention=security/day=2030-01-01/000000000000.ndjson.gz';
const OLD_SECURITY_PARTITION = 'events/retention=security/day=2029-12-31/000000000000.ndjson.gz';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'local-archive-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A security event that occurred the day before it was ingested (a late arrival from a client outbox). */
function occurredDayBefore(ingestedAt: string): StoredEvent {
  return buildStoredEvent(
    {
      occurredAt: new Date(Date.parse(ingestedAt) - DAY_MS).toISOString(),
      eventType: 'auth.login.failure',
      actor: { userId: 'u-7', ip: '10.0.0.8' },
      outcome: 'failure',
    },
    { eventId: randomUUID(), source: 'arn:aws:iam::123456789012:role/dmis-api', ingestedAt: new Date(ingestedAt) },
  );
}

/** Seals block 0 over the events in the in-memory harness, then archives it into the folder as the sealer does. */
async function archiveBlockZero(archive: LocalBlockArchive, ...events: StoredEvent[]) {
  const h = new IntegrityHarness();
  h.ingest(...events);
  await h.seal(70);
  const sealed = (await h.archive.getEvents(0)) ?? [];
  await archive.putEvents(0, sealed);
  const archived = (await h.archive.getBlock(0))!;
  await archive.putBlock(archived);
  return { archived, sealed };
}

describe('LocalBlockArchive partitions', () => {
  it('writes one object per retention class and occurredAt day, and lists them in the block file', async () => {
    // Prepare
    const archive = new LocalBlockArchive(dir);
    // Act
    const { archived } = await archiveBlockZero(archive, storedEventAt(at(5)), debugEventAt(at(9)), occurredDayBefore(at(30)));
    // Assess
    expect([...archived.eventObjects].sort()).toEqual([DEBUG_PARTITION, OLD_SECURITY_PARTITION, SECURITY_PARTITION].sort());
    expect((await archive.getBlock(0))?.eventObjects).toEqual(archived.eventObjects);
  });

  it('puts exactly JSON.stringify of each stored event on its own line', async () => {
    // Prepare
    const archive = new LocalBlockArchive(dir);
    const event = debugEventAt(at(9));
    // Act
    await archiveBlockZero(archive, event);
    // Assess
    const text = (await import('node:zlib')).gunzipSync(await readFile(join(dir, DEBUG_PARTITION))).toString('utf8');
    expect(text).toBe(`${JSON.stringify(event)}\n`);
  });

  it('reads a block\'s events back in leaf order across its partitions', async () => {
    // Prepare
    const archive = new LocalBlockArchive(dir);
    const { sealed } = await archiveBlockZero(archive, storedEventAt(at(5)), debugEventAt(at(9)), storedEventAt(at(40)));
    // Act
    const read = await archive.getEvents(0);
    // Assess
    expect(read?.map((e) => e.eventId)).toEqual(sealed.map((e) => e.eventId));
  });

  it('finds the partitions of a block whose block file was never written (a crashed seal)', async () => {
    // Prepare
    const archive = new LocalBlockArchive(dir);
    const events = [storedEventAt(at(5)), debugEventAt(at(9))];
    await archive.putEvents(0, events);
    await archive.putEvents(1, [storedEventAt(at(65))]);
    // Act
    const read = await archive.getEvents(0);
    // Assess
    expect(read).toEqual(events);
  });

  it('answers undefined for a block whose listed partition is gone', async () => {
    // Prepare
    const archive = new LocalBlockArchive(dir);
    await archiveBlockZero(archive, storedEventAt(at(5)), debugEventAt(at(9)));
    await rm(join(dir, DEBUG_PARTITION), { force: true });
    // Act
    const read = await archive.getEvents(0);
    // Assess
    expect(read).toBeUndefined();
  });
});

describe('LocalBlockArchive locks', () => {
  it('locks a debug partition about 31 days past its block, not seven years', async () => {
    // Prepare
    const archive = new LocalBlockArchive(dir);
    await archiveBlockZero(archive, debugEventAt(at(9)));
    // Act
    const until = await archive.retainUntil(DEBUG_PARTITION);
    // Assess
    const days = ((until?.getTime() ?? 0) - Date.parse(at(60))) / DAY_MS;
    expect(days).toBeGreaterThan(30);
    expect(days).toBeLessThan(32);
  });

  it('locks a security partition and the block file for the records retention plus a day', async () => {
    // Prepare
    const archive = new LocalBlockArchive(dir);
    const event = storedEventAt(at(5));
    await archiveBlockZero(archive, event);
    // Act
    const [partition, block] = await Promise.all([
      archive.retainUntil(SECURITY_PARTITION),
      archive.retainUntil('blocks/000000000000.json'),
    ]);
    // Assess
    expect(partition).toEqual(new Date(Date.parse(event.retention.expiresAt) + DAY_MS));
    expect(block).toEqual(new Date(Date.parse(at(60)) + (2557 + 1) * DAY_MS));
  });

  it('refuses a put over a locked partition with other content, and keeps object and lock', async () => {
    // Prepare
    const archive = new LocalBlockArchive(dir);
    const original = debugEventAt(at(9));
    await archive.putEvents(0, [original]);
    const lockBefore = await archive.retainUntil(DEBUG_PARTITION);
    // Act
    const overwrite = archive.putEvents(0, [storedEventAt(at(9)), debugEventAt(at(10))]);
    // Assess
    await expect(overwrite).rejects.toBeInstanceOf(ArchiveObjectExistsError);
    expect(decodeEvents(await readFile(join(dir, DEBUG_PARTITION)))).toEqual([original]);
    expect(await archive.retainUntil(DEBUG_PARTITION)).toEqual(lockBefore);
  });

  it('accepts the same partition again (a resumed seal) without a second object', async () => {
    // Prepare
    const archive = new LocalBlockArchive(dir);
    const events = [debugEventAt(at(9))];
    await archive.putEvents(0, events);
    // Act
    await archive.putEvents(0, events);
    // Assess
    const names = await readdir(join(dir, 'events', 'retention=debug', 'day=2030-01-01'));
    expect(names.sort()).toEqual(['.000000000000.ndjson.gz.lock', '000000000000.ndjson.gz']);
  });
});
