import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LocalCheckpointLog } from '../../lambdas/adapters/local/local-checkpoints';
import { readCheckpointClaim } from '../../lambdas/core/integrity/checkpoint';
import type { SealDeps } from '../../lambdas/core/integrity/seal-block';
import { sealDueBlocks } from '../../lambdas/core/integrity/sealer';
import { DynamoDbIntegrityHarness } from '../fixtures/integrity/dynamodb-harness';
import { storedEventAt } from '../fixtures/integrity/events';
import { at, T0 } from '../fixtures/integrity/harness';

/**
 * The sealer killed at each step of a seal, over DynamoDB Local and the local archive: the
 * step's port throws (the process dies there), the next run starts from what was written.
 * Order of a seal: archive events → archive block → table block → checkpoint.
 */

type Step = 'archive-events' | 'archive-block' | 'table-block' | 'checkpoint';

class Killed extends Error {}

let h: DynamoDbIntegrityHarness;
let checkpoints: LocalCheckpointLog;
beforeEach(async () => {
  h = await DynamoDbIntegrityHarness.create();
  checkpoints = new LocalCheckpointLog(join(h.dir, 'checkpoints'));
});
afterEach(async () => {
  await h.dispose();
});

/** The real ports, except that `step` dies the first time it is reached for block `seq`. */
function dyingAt(step: Step, seq: number): SealDeps {
  const deps: SealDeps = { ...h.sealDeps, checkpoints };
  const die = () => Promise.reject(new Killed(`killed at ${step}`));
  const archive = Object.create(deps.archive) as SealDeps['archive'];
  const store = Object.create(deps.store) as SealDeps['store'];
  const cps = Object.create(checkpoints) as LocalCheckpointLog;
  if (step === 'archive-events') archive.putEvents = (s, e) => (s === seq ? die() : deps.archive.putEvents(s, e));
  if (step === 'archive-block') archive.putBlock = (a) => (a.block.seq === seq ? die() : deps.archive.putBlock(a));
  if (step === 'table-block') store.putBlock = (b) => (b.seq === seq ? die() : deps.store.putBlock(b));
  // The checkpoint of block `seq` is the one for its tree size; earlier ones go through.
  let blocksPublished = 0;
  cps.publish = (size, note) => (blocksPublished++ === seq ? die() : checkpoints.publish(size, note));
  return { ...deps, archive, store, checkpoints: cps };
}

const config = () => ({ ...h.config, genesisFrom: new Date(T0) });

describe.each<Step>(['archive-events', 'archive-block', 'table-block', 'checkpoint'])('the sealer killed at %s', (step) => {
  it('resumes on restart with no gap, no event in two blocks, a checkpoint of the whole log, and verify passing', async () => {
    // Prepare: events in three intervals; the run dies while sealing the second block.
    const events = [5, 20, 70, 100, 130].map((s) => storedEventAt(at(s)));
    await h.ingest(...events);
    const dying = sealDueBlocks(dyingAt(step, 1), config(), new Date(at(195)));
    await expect(dying).rejects.toBeInstanceOf(Killed);
    // Act
    const restart = await sealDueBlocks({ ...h.sealDeps, checkpoints }, config(), new Date(at(195)));
    // Assess
    const blocks = await h.store.listBlocks(0, 10);
    expect(blocks.map((b) => [b.seq, b.from, b.to])).toEqual([0, 1, 2].map((s) => [s, at(s * 60), at(s * 60 + 60)]));
    const leaves = await Promise.all(blocks.map(async (b) => (await h.archive.getBlock(b.seq))?.leaves ?? []));
    const sealedIds = leaves.flat().map((l) => l.eventId);
    expect([...sealedIds].sort()).toEqual(events.map((e) => e.eventId).sort());
    expect(restart.sealed.length).toBe(step === 'checkpoint' ? 1 : 2);
    expect(readCheckpointClaim((await checkpoints.latest()) as string)?.treeSize).toBe(events.length);
    expect((await h.verify(195)).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('nothing marked sealed that is not archived', () => {
  it('writes no table block while the archive refuses the block', async () => {
    // Prepare
    await h.ingest(storedEventAt(at(5)));
    // Act
    const dying = sealDueBlocks(dyingAt('archive-block', 0), config(), new Date(at(75)));
    // Assess
    await expect(dying).rejects.toBeInstanceOf(Killed);
    expect(await h.store.latestBlock()).toBeUndefined();
    expect(await h.archive.getEvents(0)).toHaveLength(1);
  });
});
