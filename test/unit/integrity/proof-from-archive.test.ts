import { describe, expect, it } from '@jest/globals';
import { hashLeaf, hexToBytes, verifyInclusion } from '../../../lambdas/core/integrity/merkle';
import { buildInclusionProof } from '../../../lambdas/core/integrity/proof';
import { storedEventAt } from '../../fixtures/integrity/events';
import { IntegrityHarness, at } from '../../fixtures/integrity/harness';

/** A proof for an event that left the table: built from its archived copy and its block's archived leaves. */
describe('an inclusion proof after the hot window', () => {
  it('is built for the archived copy of an event no longer in the table, and leads to the block root', async () => {
    // Prepare
    const h = new IntegrityHarness();
    const events = [storedEventAt(at(5)), storedEventAt(at(20)), storedEventAt(at(41))];
    h.ingest(...events);
    await h.seal(70);
    for (const e of events) h.table.events.delete(e.eventId);
    const archived = (await h.archive.getEvents(0))!.find((e) => e.eventId === events[1]!.eventId)!;
    const deps = { store: h.store, archive: h.archive, publicKeyPem: () => h.signer.publicKeyPem() };
    // Act
    const proof = await buildInclusionProof(deps, archived);
    // Assess
    expect(proof).toMatchObject({ eventId: archived.eventId, contentHash: archived.contentHash, block: { seq: 0 } });
    const leafHash = hashLeaf(hexToBytes(proof.contentHash));
    expect(verifyInclusion(leafHash, proof.leafIndex, proof.block.count, proof.auditPath, proof.block.merkleRoot)).toBe(true);
  });
});
