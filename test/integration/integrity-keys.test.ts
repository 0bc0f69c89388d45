import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCAL_KEY_FILE, openLocalSigner } from '../../lambdas/adapters/local/local-signer';
import {
  localTrustedKeysPath,
  publishFirstLocalKey,
  readLocalTrustedKeys,
  rotateLocalKey,
} from '../../lambdas/adapters/local/local-trusted-keys';
import { verifyDepsForTable } from '../../lambdas/composition/integrity-services';
import type { Block } from '../../lambdas/core/integrity/block';
import type { BlockSigner } from '../../lambdas/core/integrity/ports';
import { CHAIN_START, type TrustedKey } from '../../lambdas/core/integrity/trusted-keys';
import { verifyPeriod, type PeriodReport } from '../../lambdas/core/integrity/verify-period';
import { DynamoDbIntegrityHarness } from '../fixtures/integrity/dynamodb-harness';
import { storedEventAt } from '../fixtures/integrity/events';
import { at, errorsOf } from '../fixtures/integrity/harness';
import { resign } from '../fixtures/integrity/tamper-setup';

/**
 * Keys over the real local adapters: the published trusted-keys file, rotation of the local
 * key mid-chain, and a replaced key with a re-signed chain, verified through the same
 * composition as `npm run verify` and the scheduled verifier.
 */

const NOW = 4 * 60 + 10;
let h: DynamoDbIntegrityHarness;

beforeEach(async () => {
  h = await DynamoDbIntegrityHarness.create();
  await publishFirstLocalKey(h.dir, h.signer);
  await h.ingest(...[at(1), at(70), at(130), at(200)].map((t) => storedEventAt(t)));
});
afterEach(async () => {
  await h.dispose();
});

/** Verifies the whole chain as the verify CLI does, trusting `keys` (default: the published file). */
async function verifyTrusting(signer: BlockSigner, keys?: readonly TrustedKey[]): Promise<PeriodReport> {
  const deps = await verifyDepsForTable({
    documentClient: h.table.documentClient,
    tableName: h.table.tableName,
    archive: h.archive,
    signer,
    trustedKeys: async () => keys ?? (await readLocalTrustedKeys(h.dir)),
  });
  return verifyPeriod(deps, { now: new Date(at(NOW)), graceSeconds: h.config.graceSeconds, sealerPeriodSeconds: 0 });
}

describe('local key rotation', () => {
  it('verifies a chain rotated mid-way: old blocks by the old key, new ones by the new key', async () => {
    // Prepare
    await h.seal(2 * 60 + 10);
    const rotation = await rotateLocalKey(h.dir, h.archive);
    const next = await openLocalSigner(h.dir);
    await h.seal(NOW, next);
    // Act
    const report = await verifyTrusting(next);
    // Assess
    expect(report.findings).toEqual([]);
    expect(rotation).toMatchObject({ retiredKeyId: h.signer.keyId, keyId: next.keyId, boundary: at(120) });
    expect((await h.store.getBlock(1))?.keyId).toBe(h.signer.keyId);
    expect((await h.store.getBlock(2))?.keyId).toBe(next.keyId);
  });

  it('names the blocks a sealer still holding the old key signed after the rotation', async () => {
    // Prepare
    await h.seal(2 * 60 + 10);
    await rotateLocalKey(h.dir, h.archive);
    await h.seal(NOW);
    // Act
    const report = await verifyTrusting(await openLocalSigner(h.dir));
    // Assess
    expect(errorsOf(report)).toEqual([
      { code: 'key_outside_validity', seq: 2 },
      { code: 'key_outside_validity', seq: 3 },
    ]);
  });
});

describe('a replaced key and a re-signed chain', () => {
  it('passes against the rewritten published file but is named block by block against the pinned copy', async () => {
    // Prepare: the auditor kept a copy of the published keys; then the key file is replaced.
    await h.seal(NOW);
    const pinned = (await readLocalTrustedKeys(h.dir)) as TrustedKey[];
    await rm(join(h.dir, LOCAL_KEY_FILE));
    const attacker = await openLocalSigner(h.dir);
    let prevBlockHash = '0'.repeat(64);
    for (let seq = 0; seq < 4; seq++) {
      const forged = await resign({ ...((await h.store.getBlock(seq)) as Block), prevBlockHash }, attacker);
      await h.overwriteBlock(forged);
      await h.rewriteArchivedBlock({ ...(await h.archive.getBlock(seq))!, block: forged });
      prevBlockHash = forged.blockHash;
    }
    const forgedKeys = [{ keyId: attacker.keyId, publicKeyPem: await attacker.publicKeyPem(), validFrom: CHAIN_START }];
    await writeFile(localTrustedKeysPath(h.dir), JSON.stringify(forgedKeys));
    // Act
    const trustingPublished = await verifyTrusting(attacker);
    const trustingPinned = await verifyTrusting(attacker, pinned);
    // Assess
    expect(trustingPublished.ok).toBe(true);
    expect(errorsOf(trustingPinned)).toEqual([0, 1, 2, 3].map((seq) => ({ code: 'unknown_key', seq })));
  });
});
