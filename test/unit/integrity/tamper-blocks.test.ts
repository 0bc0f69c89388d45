import { beforeEach, describe, expect, it } from '@jest/globals';
import { hexToBytes } from '../../../lambdas/core/integrity/merkle';
import { newTestSigner } from '../../fixtures/integrity/fakes';
import type { IntegrityHarness } from '../../fixtures/integrity/harness';
import { errorsOf } from '../../fixtures/integrity/harness';
import { TAMPER_NOW as NOW, resign, sealedSampleChain } from '../../fixtures/integrity/tamper-setup';

/** The tamper suite at the core level, blocks: deleted, re-signed, rebuilt or diverging copies, each named. */

let h: IntegrityHarness;
beforeEach(async () => {
  ({ h } = await sealedSampleChain());
});

describe('tampering with blocks', () => {
  it('names tail truncation when the newest blocks are deleted from table and archive', async () => {
    // Prepare
    for (const seq of [2, 3]) {
      h.store.blocks.delete(seq);
      h.archive.blocks.delete(seq);
      h.archive.events.delete(seq);
    }
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'blocks_missing_at_tail', seq: 1 }]);
  });

  it('names the newest blocks deleted from the table while the archive keeps them', async () => {
    // Prepare
    h.store.blocks.delete(2);
    h.store.blocks.delete(3);
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([
      { code: 'block_missing_in_table', seq: 2 },
      { code: 'block_missing_in_table', seq: 3 },
    ]);
  });

  it('names a middle block deleted from table and archive', async () => {
    // Prepare
    h.store.blocks.delete(1);
    h.archive.blocks.delete(1);
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'block_missing', seq: 1 }]);
  });

  it('names a block re-signed with another key under its own key id', async () => {
    // Prepare
    const other = newTestSigner();
    const forged = { ...(await resign(h.store.blocks.get(1)!, other)), keyId: h.signer.keyId };
    const withOwnId = await resign(h.store.blocks.get(2)!, other);
    h.store.blocks.set(1, forged);
    h.store.blocks.set(2, withOwnId);
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([
      { code: 'block_differs_from_archive', seq: 1 },
      { code: 'block_hash_mismatch', seq: 1 },
      { code: 'block_differs_from_archive', seq: 2 },
      { code: 'unknown_key', seq: 2 },
    ]);
  });

  it('names a signature that does not verify with the trusted key', async () => {
    // Prepare
    const block = h.store.blocks.get(1)!;
    const foreign = await newTestSigner().sign(hexToBytes(block.blockHash));
    h.store.blocks.set(1, { ...block, signature: foreign });
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([
      { code: 'block_differs_from_archive', seq: 1 },
      { code: 'signature_invalid', seq: 1 },
    ]);
  });

  it('names a table block that differs from the archived block', async () => {
    // Prepare
    const resealed = await resign({ ...h.store.blocks.get(3)!, count: 0 }, h.signer);
    h.store.blocks.set(3, resealed);
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'block_differs_from_archive', seq: 3 }]);
  });

  it('names a broken chain when a block is rebuilt on another predecessor', async () => {
    // Prepare
    const rebuilt = await resign({ ...h.archive.blocks.get(2)!.block, prevBlockHash: 'ab'.repeat(32) }, h.signer);
    h.store.blocks.set(2, rebuilt);
    h.archive.blocks.set(2, { ...h.archive.blocks.get(2)!, block: rebuilt });
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([
      { code: 'chain_broken', seq: 2 },
      { code: 'chain_broken', seq: 3 },
    ]);
  });
});
