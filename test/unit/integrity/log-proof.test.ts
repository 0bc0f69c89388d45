import { beforeEach, describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../../lambdas/core/errors';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { DEFAULT_LOG_ORIGIN } from '../../../lambdas/core/integrity/checkpoint';
import { openKeptCheckpoint } from '../../../lambdas/core/integrity/kept-checkpoint';
import { logInclusion } from '../../../lambdas/core/integrity/log-proof';
import { hashLeaf, hexToBytes, verifyInclusion } from '../../../lambdas/core/integrity/merkle';
import { buildInclusionProof } from '../../../lambdas/core/integrity/proof';
import type { IntegrityHarness } from '../../fixtures/integrity/harness';
import { sealedSampleChain } from '../../fixtures/integrity/tamper-setup';

/** Inclusion of an event in the whole log at a later tree size, checked against that size's checkpoint. */

let h: IntegrityHarness;
let events: StoredEvent[];
beforeEach(async () => {
  ({ h, events } = await sealedSampleChain());
});

const blockProof = (e: StoredEvent) =>
  buildInclusionProof({ store: h.store, archive: h.archive, publicKeyPem: () => h.signer.publicKeyPem() }, e);

describe('inclusion in the one growing log', () => {
  it.each([5, 7])('proves an event of block 1 against the checkpoint at tree size %i', async (size) => {
    // Prepare
    const event = events[4] as StoredEvent;
    const checkpoint = openKeptCheckpoint(h.checkpoints.notes.get(size)!, DEFAULT_LOG_ORIGIN, [
      await h.signer.publicKeyPem(),
    ]);
    // Act
    const log = await logInclusion(h.archive, await blockProof(event), size);
    // Assess
    expect(log.treeRoot).toBe(checkpoint.rootHex);
    const leaf = hashLeaf(hexToBytes(event.contentHash));
    expect(verifyInclusion(leaf, log.leafIndex, size, log.auditPath, checkpoint.rootHex)).toBe(true);
  });

  it('refuses a tree size from before the event was sealed', async () => {
    await expect(logInclusion(h.archive, await blockProof(events[4] as StoredEvent), 3)).rejects.toThrow(
      ValidationError,
    );
  });

  it('refuses a tree size beyond the log', async () => {
    await expect(logInclusion(h.archive, await blockProof(events[0] as StoredEvent), 8)).rejects.toThrow(
      ValidationError,
    );
  });
});
