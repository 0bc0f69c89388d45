import { beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_LOG_ORIGIN } from '../../../lambdas/core/integrity/checkpoint';
import {
  CheckpointRejectedError,
  openKeptCheckpoint,
  verifyRemembering,
  type RememberingDeps,
} from '../../../lambdas/core/integrity/kept-checkpoint';
import { createSignatureVerifier } from '../../../lambdas/core/integrity/signature';
import { newTestSigner } from '../../fixtures/integrity/fakes';
import { at, errorsOf, type IntegrityHarness } from '../../fixtures/integrity/harness';
import { TAMPER_NOW as NOW, sealedSampleChain } from '../../fixtures/integrity/tamper-setup';

/** The daily verifier that remembers the last checkpoint it verified. */

let h: IntegrityHarness;
let memory: { note?: string };
let deps: RememberingDeps;
beforeEach(async () => {
  ({ h } = await sealedSampleChain());
  memory = {};
  const pem = await h.signer.publicKeyPem();
  deps = {
    verify: {
      store: h.store,
      archive: h.archive,
      source: h.table,
      signatures: createSignatureVerifier({ [h.signer.keyId]: pem }),
    },
    published: h.checkpoints,
    remembered: { read: async () => memory.note, write: async (note) => void (memory.note = note) },
    keyName: DEFAULT_LOG_ORIGIN,
    publicKeyPems: [pem],
  };
});

const run = (seconds: number) => verifyRemembering(deps, { now: new Date(at(seconds)), graceSeconds: 10 });

describe('a verifier that remembers', () => {
  it('remembers the newest published checkpoint after a clean run', async () => {
    // Act
    const report = await run(NOW);
    // Assess
    expect(report.ok).toBe(true);
    expect(report.rememberedTreeSize).toBe(7);
    expect(memory.note).toBe(h.checkpoints.notes.get(7));
  });

  it('names the truncation on the next run, after the sealer was made to seal again', async () => {
    // Prepare: yesterday's clean run; then blocks 2 and 3 and their checkpoints go, and the sealer runs on.
    await run(NOW);
    const remembered = memory.note;
    for (const seq of [2, 3]) [h.store.blocks, h.archive.blocks, h.archive.events].forEach((m) => m.delete(seq));
    for (const id of [...h.table.events.keys()].slice(5)) h.table.events.delete(id);
    h.checkpoints.notes.delete(7);
    h.checkpoints.newest = h.checkpoints.notes.get(5);
    await h.seal(NOW + 60);
    // Act
    const report = await run(NOW + 60);
    // Assess: the remembered size is named, and the memory is not moved back
    expect(errorsOf(report)).toEqual([{ code: 'checkpoint_truncated', seq: 4 }]);
    expect(report.findings[0]?.message).toMatch(/checkpoint at tree size 7/);
    expect(memory.note).toBe(remembered);
    expect(report.rememberedTreeSize).toBeUndefined();
  });

  it('refuses a kept checkpoint signed by another key', async () => {
    // Prepare
    const note = (await h.checkpoints.latest()) as string;
    const other = await newTestSigner().publicKeyPem();
    // Act / Assess
    expect(() => openKeptCheckpoint(note, DEFAULT_LOG_ORIGIN, [other])).toThrow(CheckpointRejectedError);
  });
});
