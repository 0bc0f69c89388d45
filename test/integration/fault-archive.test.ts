import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LocalBlockArchive } from '../../lambdas/adapters/local/local-archive';
import { ArchiveObjectExistsError, type BlockArchive } from '../../lambdas/core/integrity/ports';
import { createSealerHandler } from '../../lambdas/functions/sealer/handler';
import { DynamoDbIntegrityHarness } from '../fixtures/integrity/dynamodb-harness';
import { storedEventAt } from '../fixtures/integrity/events';
import { at } from '../fixtures/integrity/harness';

/**
 * The archive unwritable or the disk full: sealing stops with SealLagSeconds still reported
 * (its alarm fires past 300 s), no table block without its archive, and sealing resumes
 * when the archive takes writes again.
 */

let h: DynamoDbIntegrityHarness;
beforeEach(async () => {
  h = await DynamoDbIntegrityHarness.create();
});
afterEach(async () => {
  await h.dispose();
});

/** The harness's archive, with every write failing as a full disk does. */
function fullDisk(archive: BlockArchive): BlockArchive {
  const enospc = () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
  return Object.assign(Object.create(archive) as BlockArchive, { putEvents: enospc, putBlock: enospc });
}

function sealerRun(archive: BlockArchive, seconds: number, metrics: Map<string, number>) {
  return createSealerHandler({
    sealDeps: { ...h.sealDeps, archive },
    config: h.config,
    metric: (name, value) => void metrics.set(name, value),
    now: () => new Date(at(seconds)),
  })();
}

describe('the archive on a full disk', () => {
  it('stops sealing, still reports the growing lag, marks nothing sealed, and resumes when writable', async () => {
    // Prepare: block 0 sealed; then the disk fills while events keep arriving.
    await h.ingest(storedEventAt(at(5)));
    await sealerRun(h.archive, 75, new Map());
    await h.ingest(storedEventAt(at(70)), storedEventAt(at(200)));
    const failing = new Map<string, number>();
    // Act: runs 10 minutes on a full disk, then one on a writable one.
    const stopped = sealerRun(fullDisk(h.archive), 10 * 60 + 10, failing);
    await expect(stopped).rejects.toMatchObject({ code: 'ENOSPC' });
    const blocksWhileFull = (await h.store.listBlocks(0, 100)).map((b) => b.seq);
    const resumed = await sealerRun(h.archive, 10 * 60 + 10, new Map());
    // Assess
    expect(failing.get('SealLagSeconds')).toBe(540);
    expect(blocksWhileFull).toEqual([0]);
    expect(resumed).toMatchObject({ sealed: 9, lastSeq: 9, unsealedEvents: 0 });
    expect((await h.verify(10 * 60 + 10)).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('the local archive folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dmis-archive-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails a put when the folder cannot be created, and leaves nothing behind', async () => {
    // Prepare: the archive's parent is a file, so no folder can be made under it (root ignores chmod).
    await writeFile(join(dir, 'not-a-folder'), 'x');
    const archive = new LocalBlockArchive(join(dir, 'not-a-folder', 'archive'));
    // Act
    const put = archive.putEvents(0, [storedEventAt(at(5))]);
    // Assess
    await expect(put).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(await readdir(dir)).toEqual(['not-a-folder']);
  });

  it('publishes whole objects only: a leftover partial file neither blocks nor shows as an object', async () => {
    // Prepare: what a crash mid-write leaves.
    const archive = new LocalBlockArchive(dir);
    const event = storedEventAt(at(5));
    const partition = join(dir, 'events', 'retention=security', 'day=2030-01-01');
    await mkdir(partition, { recursive: true });
    await writeFile(join(partition, '000000000000.ndjson.gz.dead.partial'), 'half');
    // Act
    await archive.putEvents(0, [event]);
    const again = archive.putEvents(0, [storedEventAt(at(6))]);
    // Assess
    await expect(again).rejects.toBeInstanceOf(ArchiveObjectExistsError);
    expect(await archive.getEvents(0)).toEqual([event]);
    expect((await readdir(partition)).filter((n) => n.endsWith('.partial'))).toEqual(['000000000000.ndjson.gz.dead.partial']);
  });
});
