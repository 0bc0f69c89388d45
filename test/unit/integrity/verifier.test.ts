import { beforeEach, describe, expect, it } from '@jest/globals';
import { createSignatureVerifier } from '../../../lambdas/core/integrity/signature';
import { verifyIntegrity, type VerifyDeps } from '../../../lambdas/core/integrity/verifier';
import { at, type IntegrityHarness } from '../../fixtures/integrity/harness';
import { TAMPER_NOW, sealedSampleChain } from '../../fixtures/integrity/tamper-setup';

let h: IntegrityHarness;
let deps: VerifyDeps;
beforeEach(async () => {
  ({ h } = await sealedSampleChain());
  const signatures = createSignatureVerifier({ [h.signer.keyId]: await h.signer.publicKeyPem() });
  deps = { store: h.store, archive: h.archive, source: h.table, signatures };
});

describe('verifyIntegrity', () => {
  it('reports progress after every block', async () => {
    // Prepare
    const progress: number[] = [];
    // Act
    await verifyIntegrity(deps, { now: new Date(at(TAMPER_NOW)), onProgress: (p) => progress.push(p.done / p.total) });
    // Assess
    expect(progress).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('checks only the requested range, linking its first block to the one before', async () => {
    // Act
    const report = await verifyIntegrity(deps, { fromSeq: 1, toSeq: 3, now: new Date(at(TAMPER_NOW)) });
    // Assess
    expect(report).toMatchObject({ ok: true, fromSeq: 1, toSeq: 3, blocksChecked: 2, eventsChecked: 2 });
  });

  it('trusts no block when the signer key is not among the trusted keys', async () => {
    // Prepare
    const untrusting = { ...deps, signatures: createSignatureVerifier({}) };
    // Act
    const report = await verifyIntegrity(untrusting, { now: new Date(at(TAMPER_NOW)) });
    // Assess
    expect(report.findings.map((f) => f.code)).toEqual(['unknown_key', 'unknown_key', 'unknown_key', 'unknown_key']);
  });
});
