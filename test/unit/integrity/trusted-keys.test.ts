import { describe, expect, it } from '@jest/globals';
import { createPublicKey } from 'node:crypto';
import type { Block } from '../../../lambdas/core/integrity/block';
import type { BlockSigner } from '../../../lambdas/core/integrity/ports';
import {
  CHAIN_START,
  createSingleKeyVerifier,
  createTrustedKeyVerifier,
  keyTrustProblem,
  parseTrustedKeys,
  rotateTrustedKeys,
  type TrustedKey,
} from '../../../lambdas/core/integrity/trusted-keys';
import { verifyIntegrity, type VerifyReport } from '../../../lambdas/core/integrity/verifier';
import { buildInclusionProof } from '../../../lambdas/core/integrity/proof';
import { verifyBundle } from '../../../lambdas/core/integrity/verify-bundle';
import { storedEventAt } from '../../fixtures/integrity/events';
import { newTestSigner } from '../../fixtures/integrity/fakes';
import { IntegrityHarness, at, errorsOf } from '../../fixtures/integrity/harness';
import { resign } from '../../fixtures/integrity/tamper-setup';

const NOW = 4 * 60 + 10;

const first = async (signer: BlockSigner): Promise<TrustedKey[]> => [
  { keyId: signer.keyId, publicKeyPem: await signer.publicKeyPem(), validFrom: CHAIN_START },
];
const next = async (signer: BlockSigner) => ({ keyId: signer.keyId, publicKeyPem: await signer.publicKeyPem() });

/** Blocks 0 and 1 sealed by the harness key, then a rotation at block 1's end. */
async function rotatedMidChain(): Promise<{ h: IntegrityHarness; keys: TrustedKey[]; newSigner: BlockSigner }> {
  const h = new IntegrityHarness();
  h.ingest(...[at(1), at(70), at(130), at(200)].map((t) => storedEventAt(t)));
  await h.seal(2 * 60 + 10);
  const newSigner = newTestSigner();
  const keys = rotateTrustedKeys(await first(h.signer), await next(newSigner), new Date(at(120)));
  return { h, keys, newSigner };
}

function verifyWith(h: IntegrityHarness, keys: readonly TrustedKey[]): Promise<VerifyReport> {
  const deps = { store: h.store, archive: h.archive, source: h.table, signatures: createTrustedKeyVerifier(keys) };
  return verifyIntegrity(deps, { now: new Date(at(NOW)) });
}

describe('trusted keys with validity periods', () => {
  it('verifies a chain whose key was rotated mid-chain', async () => {
    // Prepare
    const { h, keys, newSigner } = await rotatedMidChain();
    await h.seal(NOW, newSigner);
    // Act
    const report = await verifyWith(h, keys);
    // Assess
    expect(report.findings).toEqual([]);
    expect((await h.store.getBlock(3))?.keyId).toBe(newSigner.keyId);
  });

  it('names each block signed by the old key after its window closed', async () => {
    // Prepare: the sealer kept the old key past the rotation.
    const { h, keys } = await rotatedMidChain();
    await h.seal(NOW);
    // Act
    const report = await verifyWith(h, keys);
    // Assess
    expect(errorsOf(report)).toEqual([
      { code: 'key_outside_validity', seq: 2 },
      { code: 'key_outside_validity', seq: 3 },
    ]);
  });

  it('names a block signed by the new key before its window opened', async () => {
    // Prepare
    const { h, keys, newSigner } = await rotatedMidChain();
    await h.seal(NOW, newSigner);
    const early = await resign((await h.store.getBlock(0)) as Block, newSigner);
    h.store.blocks.set(0, early);
    h.archive.blocks.set(0, { ...(await h.archive.getBlock(0))!, block: early });
    // Act
    const report = await verifyWith(h, keys);
    // Assess
    expect(errorsOf(report)).toContainEqual({ code: 'key_outside_validity', seq: 0 });
  });

  it('names every block when the key was replaced and the chain re-signed, against the pinned keys', async () => {
    // Prepare
    const h = new IntegrityHarness();
    h.ingest(storedEventAt(at(1)), storedEventAt(at(70)));
    await h.seal(NOW);
    const pinned = await first(h.signer);
    const attacker = newTestSigner();
    let prevBlockHash = '0'.repeat(64);
    for (let seq = 0; seq < 4; seq++) {
      const forged = await resign({ ...((await h.store.getBlock(seq)) as Block), prevBlockHash }, attacker);
      h.store.blocks.set(seq, forged);
      h.archive.blocks.set(seq, { ...(await h.archive.getBlock(seq))!, block: forged });
      prevBlockHash = forged.blockHash;
    }
    // Act
    const trustingPublished = await verifyWith(h, await first(attacker));
    const trustingPinned = await verifyWith(h, pinned);
    // Assess
    expect(trustingPublished.ok).toBe(true);
    expect(errorsOf(trustingPinned).map((f) => f.code)).toEqual(Array(4).fill('unknown_key'));
  });
});

describe('the trusted-keys file', () => {
  it('accepts the SPKI base64 form and closes the open window on rotation', async () => {
    // Prepare
    const signer = newTestSigner();
    const spki = createPublicKey(await signer.publicKeyPem())
      .export({ type: 'spki', format: 'der' })
      .toString('base64');
    const text = JSON.stringify([{ keyId: signer.keyId, spki, validFrom: CHAIN_START }]);
    // Act
    const rotated = rotateTrustedKeys(parseTrustedKeys(text), await next(newTestSigner()), new Date(at(60)));
    // Assess
    expect(rotated.map((k) => [k.validFrom, k.validTo])).toEqual([
      [CHAIN_START, at(60)],
      [at(60), undefined],
    ]);
  });

  it.each([
    ['not JSON', '{'],
    ['an empty list', '[]'],
    ['a key without validFrom', '[{"keyId":"k","spki":"AAAA"}]'],
    ['a key that is not P-256', '[{"keyId":"k","spki":"AAAA","validFrom":"2030-01-01T00:00:00.000Z"}]'],
  ])('rejects %s', (_what, text) => {
    // Act / Assess
    expect(() => parseTrustedKeys(text)).toThrow(TypeError);
  });

  it('refuses to rotate to a key that is already trusted', async () => {
    // Prepare
    const signer = newTestSigner();
    const keys = await first(signer);
    const same = await next(signer);
    // Act / Assess
    expect(() => rotateTrustedKeys(keys, same, new Date(at(0)))).toThrow(RangeError);
  });
});

describe('key checks for proofs and a single pinned key', () => {
  it('names an untrusted and an out-of-window proof key', async () => {
    // Prepare
    const old = newTestSigner();
    const keys = rotateTrustedKeys(await first(old), await next(newTestSigner()), new Date(at(60)));
    const pem = await old.publicKeyPem();
    // Act / Assess
    expect(keyTrustProblem(keys, { keyId: old.keyId, to: at(60) }, pem)).toBeUndefined();
    expect(keyTrustProblem(keys, { keyId: old.keyId, to: at(120) }, pem)).toBe('key_outside_validity');
    expect(keyTrustProblem(keys, { keyId: old.keyId, to: at(60) }, await newTestSigner().publicKeyPem())).toBe(
      'unknown_key',
    );
  });

  it('checks signatures against the one key whatever key id the block names', async () => {
    // Prepare
    const signer = newTestSigner();
    const digest = new Uint8Array(32).fill(7);
    const signature = await signer.sign(digest);
    // Act
    const verifier = createSingleKeyVerifier(await signer.publicKeyPem());
    // Assess
    expect(verifier.knows('any-id')).toBe(true);
    expect(verifier.verify('any-id', digest, signature)).toBe(true);
    expect(verifier.verify('any-id', new Uint8Array(32), signature)).toBe(false);
  });
});

describe('a bundle checked against trusted keys', () => {
  it('accepts proofs from both sides of a rotation and names a block signed by an untrusted key', async () => {
    // Prepare
    const { h, keys, newSigner } = await rotatedMidChain();
    await h.seal(NOW, newSigner);
    const events = [...h.table.events.values()];
    const proofDeps = (signer: BlockSigner) => ({
      store: h.store,
      archive: h.archive,
      publicKeyPem: () => signer.publicKeyPem(),
    });
    const entries = await Promise.all(
      events.map(async (event) => {
        const block = (await buildInclusionProof(proofDeps(h.signer), event)).block;
        const signer = block.keyId === h.signer.keyId ? h.signer : newSigner;
        return { event, proof: await buildInclusionProof(proofDeps(signer), event) };
      }),
    );
    // Act
    const trusted = verifyBundle({ entries, blocks: [] }, keys);
    const onlyOld = verifyBundle({ entries, blocks: [] }, [keys[0] as TrustedKey]);
    // Assess
    expect(trusted.findings).toEqual([]);
    expect(new Set(onlyOld.findings.map((f) => f.code))).toEqual(new Set(['unknown_key']));
    expect(onlyOld.findings.map((f) => f.seq).sort()).toEqual([2, 3]);
  });
});
