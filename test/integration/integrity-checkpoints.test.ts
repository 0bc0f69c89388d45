import { execFileSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LocalCheckpointLog, LocalVerifiedCheckpoint } from '../../lambdas/adapters/local/local-checkpoints';
import { DEFAULT_LOG_ORIGIN } from '../../lambdas/core/integrity/checkpoint';
import { openKeptCheckpoint, verifyRemembering } from '../../lambdas/core/integrity/kept-checkpoint';
import { sealDueBlocks } from '../../lambdas/core/integrity/sealer';
import { createSignatureVerifier } from '../../lambdas/core/integrity/signature';
import { verifyPeriod } from '../../lambdas/core/integrity/verify-period';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import { DynamoDbIntegrityHarness } from '../fixtures/integrity/dynamodb-harness';
import { storedEventAt } from '../fixtures/integrity/events';
import { at, errorsOf } from '../fixtures/integrity/harness';

/**
 * Tail truncation against published checkpoints, over the real adapters: DynamoDB Local,
 * the local archive folder, the local checkpoint folder and the local PEM key. The insider
 * deletes the newest blocks, their events and archive objects; the sealer refuses to seal
 * those tree sizes again, and a kept checkpoint names the truncation by tree size.
 */

const NOW = 4 * 60 + 10;
let h: DynamoDbIntegrityHarness;
let published: LocalCheckpointLog;
let events: StoredEvent[];

const seal = (seconds: number) =>
  sealDueBlocks({ ...h.sealDeps, checkpoints: published }, h.config, new Date(at(seconds)));

beforeEach(async () => {
  h = await DynamoDbIntegrityHarness.create();
  published = new LocalCheckpointLog(join(h.dir, 'checkpoints'));
  events = [at(1), at(20), at(40), at(65), at(90), at(200), at(230)].map((t) => storedEventAt(t));
  await h.ingest(...events);
  await seal(NOW);
});
afterEach(async () => {
  await h.dispose();
});

/** The insider's cut: blocks 2 and 3 with their events, from table and archive. */
async function truncateTail(): Promise<void> {
  for (const seq of [2, 3]) {
    await h.deleteBlock(seq);
    await h.deleteArchived(seq);
  }
  for (const e of events.slice(5)) await h.deleteEvent(e.eventId);
}

const keptNote = async (): Promise<string> => (await published.latest()) as string;
const verifyDeps = async () => ({
  store: h.store,
  archive: h.archive,
  source: h.source,
  signatures: createSignatureVerifier({ [h.signer.keyId]: await h.signer.publicKeyPem() }),
});

describe('published checkpoints in the local folder', () => {
  it('are checked by an independent Python verifier', async () => {
    // Prepare
    const pem = join(h.dir, 'public.pem');
    await writeFile(pem, await h.signer.publicKeyPem());
    const script = new URL('../fixtures/verify_checkpoint.py', import.meta.url).pathname;
    // Act
    const out = execFileSync('python3', [script, join(h.dir, 'checkpoints', '7.txt'), DEFAULT_LOG_ORIGIN, pem], {
      encoding: 'utf8',
    });
    // Assess
    expect(out.trim()).toBe(`ok ${DEFAULT_LOG_ORIGIN} 7 ${(await h.store.getBlock(3))?.treeRoot}`);
  });
});

describe('tail truncation', () => {
  it('makes the sealer refuse to seal those tree sizes again', async () => {
    // Prepare
    await truncateTail();
    // Act
    const run = await seal(NOW + 120);
    // Assess
    expect(run).toMatchObject({ sealed: [], resealRefused: { tableTreeSize: 5, publishedTreeSize: 7 } });
    expect((await h.store.latestBlock())?.seq).toBe(1);
  });

  it('is named by tree size against a kept checkpoint, even once the published ones are gone and the sealer re-sealed', async () => {
    // Prepare: the auditor kept the newest checkpoint; the insider also empties the checkpoint folder.
    const kept = openKeptCheckpoint(await keptNote(), DEFAULT_LOG_ORIGIN, [await h.signer.publicKeyPem()]);
    await truncateTail();
    await rm(join(h.dir, 'checkpoints'), { recursive: true, force: true });
    const resealed = await seal(NOW + 120);
    // Act
    const plain = await verifyPeriod(await verifyDeps(), {
      now: new Date(at(NOW + 120)),
      graceSeconds: 10,
      sealerPeriodSeconds: 0,
    });
    const withKept = await verifyPeriod(await verifyDeps(), {
      now: new Date(at(NOW + 120)),
      graceSeconds: 10,
      sealerPeriodSeconds: 0,
      checkpoint: kept,
    });
    // Assess: re-sealed heartbeats pass on their own; the kept checkpoint catches the cut
    expect(resealed.sealed.map((b) => b.seq)).toEqual([2, 3, 4, 5]);
    expect(errorsOf(plain)).toEqual([]);
    expect(errorsOf(withKept)).toEqual([{ code: 'checkpoint_truncated', seq: 5 }]);
    expect(withKept.findings[0]?.message).toMatch(/holds 5 leaves.*tree size 7/);
  });

  it('is named by the daily verifier from the checkpoint it remembered', async () => {
    // Prepare: yesterday's clean run remembered the newest checkpoint outside the sealer's folders.
    const remembered = new LocalVerifiedCheckpoint(join(h.dir, 'verifier'));
    const deps = {
      verify: await verifyDeps(),
      published,
      remembered,
      keyName: DEFAULT_LOG_ORIGIN,
      publicKeyPems: [await h.signer.publicKeyPem()],
    };
    const options = (s: number) => ({ now: new Date(at(s)), graceSeconds: 10, sealerPeriodSeconds: 0 });
    expect((await verifyRemembering(deps, options(NOW))).rememberedTreeSize).toBe(7);
    await truncateTail();
    await rm(join(h.dir, 'checkpoints'), { recursive: true, force: true });
    await seal(NOW + 120);
    // Act
    const report = await verifyRemembering(deps, options(NOW + 120));
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'checkpoint_truncated', seq: 5 }]);
    expect(
      openKeptCheckpoint((await remembered.read()) as string, DEFAULT_LOG_ORIGIN, deps.publicKeyPems).treeSize,
    ).toBe(7);
  });

  it('leaves an untouched log consistent with every checkpoint it published', async () => {
    // Prepare
    const kept = openKeptCheckpoint(await keptNote(), DEFAULT_LOG_ORIGIN, [await h.signer.publicKeyPem()]);
    await h.ingest(storedEventAt(at(NOW + 5)));
    await seal(NOW + 120);
    // Act
    const report = await verifyPeriod(await verifyDeps(), {
      now: new Date(at(NOW + 120)),
      graceSeconds: 10,
      sealerPeriodSeconds: 0,
      checkpoint: kept,
    });
    // Assess
    expect(errorsOf(report)).toEqual([]);
  });
});
