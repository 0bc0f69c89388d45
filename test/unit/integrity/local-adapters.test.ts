import { createVerify } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LocalBlockArchive } from '../../../lambdas/adapters/local/local-archive';
import { LOCAL_KEY_FILE, openLocalSigner } from '../../../lambdas/adapters/local/local-signer';
import { decodeEvents } from '../../../lambdas/core/integrity/archive-codec';
import { ArchiveObjectExistsError } from '../../../lambdas/core/integrity/ports';
import { sealDueBlocks } from '../../../lambdas/core/integrity/sealer';
import { createSignatureVerifier } from '../../../lambdas/core/integrity/signature';
import { verifyIntegrity } from '../../../lambdas/core/integrity/verifier';
import { storedEventAt } from '../../fixtures/integrity/events';
import { IntegrityHarness, at } from '../../fixtures/integrity/harness';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'integrity-local-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openLocalSigner', () => {
  it('creates a P-256 key readable only by its owner at first use', async () => {
    // Act
    await openLocalSigner(dir);
    // Assess
    const mode = (await stat(join(dir, LOCAL_KEY_FILE))).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('reuses the same key, and so the same key id, on the next start', async () => {
    // Prepare
    const first = await openLocalSigner(dir);
    // Act
    const second = await openLocalSigner(dir);
    // Assess
    expect(second.keyId).toBe(first.keyId);
    expect(await second.publicKeyPem()).toBe(await first.publicKeyPem());
  });

  it('signs as KMS ECDSA_SHA_256 RAW does: ECDSA-SHA256 over the 32 raw bytes, DER', async () => {
    // Prepare
    const signer = await openLocalSigner(dir);
    const blockHash = Buffer.alloc(32, 0xab);
    // Act
    const signature = await signer.sign(blockHash);
    // Assess
    const ok = createVerify('SHA256')
      .update(blockHash)
      .verify(await signer.publicKeyPem(), signature, 'base64');
    expect(ok).toBe(true);
  });
});

describe('LocalBlockArchive', () => {
  it('writes blocks/<seq>.json and the event partitions as the sealer archives them', async () => {
    // Prepare
    const archive = new LocalBlockArchive(dir);
    const h = new IntegrityHarness();
    const event = storedEventAt(at(5));
    h.ingest(event);
    // Act
    await h.seal(70);
    await archive.putEvents(0, (await h.archive.getEvents(0))!);
    await archive.putBlock((await h.archive.getBlock(0))!);
    // Assess
    expect(await archive.getBlock(0)).toEqual(await h.archive.getBlock(0));
    const partition = join(dir, 'events', 'retention=security', 'day=2030-01-01', '000000000000.ndjson.gz');
    expect(decodeEvents(await readFile(partition))).toEqual([event]);
    expect(await archive.listBlockSeqs()).toEqual([0]);
  });

  it('refuses to overwrite an archived object and keeps the original', async () => {
    // Prepare
    const archive = new LocalBlockArchive(dir);
    const original = [storedEventAt(at(1))];
    await archive.putEvents(4, original);
    // Act
    const overwrite = archive.putEvents(4, [storedEventAt(at(2))]);
    // Assess
    await expect(overwrite).rejects.toBeInstanceOf(ArchiveObjectExistsError);
    expect(await archive.getEvents(4)).toEqual(original);
  });

  it('answers undefined for a block never archived', async () => {
    // Prepare
    const archive = new LocalBlockArchive(dir);
    // Act
    const found = await archive.getBlock(9);
    // Assess
    expect(found).toBeUndefined();
  });
});

describe('the local signer and archive behind the sealer and verifier', () => {
  it('seals into the folder and verifies from it with the local public key', async () => {
    // Prepare
    const h = new IntegrityHarness();
    h.ingest(storedEventAt(at(5)), storedEventAt(at(65)));
    const signer = await openLocalSigner(join(dir, 'key'));
    const archive = new LocalBlockArchive(join(dir, 'archive'));
    await sealDueBlocks({ source: h.table, store: h.store, archive, signer }, h.config, new Date(at(190)));
    const signatures = createSignatureVerifier({ [signer.keyId]: await signer.publicKeyPem() });
    // Act
    const report = await verifyIntegrity(
      { store: h.store, archive, source: h.table, signatures },
      { now: new Date(at(190)) },
    );
    // Assess
    expect(report).toMatchObject({ ok: true, blocksChecked: 3, eventsChecked: 2, findings: [] });
  });
});
