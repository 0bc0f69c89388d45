import { beforeEach, describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { NotFoundError } from '../../../lambdas/core/errors';
import {
  buildInclusionProof,
  findBlockSeqAt,
  verifyInclusionProof,
  type InclusionProof,
} from '../../../lambdas/core/integrity/proof';
import { storedEventAt } from '../../fixtures/integrity/events';
import { newTestSigner } from '../../fixtures/integrity/fakes';
import { IntegrityHarness, at } from '../../fixtures/integrity/harness';

let h: IntegrityHarness;
let events: StoredEvent[];

beforeEach(async () => {
  h = new IntegrityHarness();
  events = [at(1), at(2), at(3), at(4), at(5), at(70), at(130)].map((t) => storedEventAt(t));
  h.ingest(...events);
  await h.seal(3 * 60 + 10);
});

const proofDeps = () => ({ store: h.store, archive: h.archive, publicKeyPem: () => h.signer.publicKeyPem() });
const proofOf = (i: number): Promise<InclusionProof> => buildInclusionProof(proofDeps(), events[i] as StoredEvent);

describe('buildInclusionProof', () => {
  it('proves an event with its leaf index, audit path and signed block', async () => {
    // Act
    const proof = await proofOf(4);
    // Assess
    expect(proof).toMatchObject({ eventId: events[4]?.eventId, contentHash: events[4]?.contentHash, leafIndex: 4 });
    expect(proof.block).toEqual(h.store.blocks.get(0));
    expect(proof.auditPath).toHaveLength(1);
  });

  it('finds an event sealed late in the block after its interval', async () => {
    // Prepare
    const late = storedEventAt(at(100));
    h.ingest(late);
    await h.seal(4 * 60 + 10);
    // Act
    const proof = await buildInclusionProof(proofDeps(), late);
    // Assess
    expect(proof.block).toMatchObject({ seq: 3, late: [late.eventId] });
  });

  it('refuses an event that is not sealed yet', async () => {
    // Prepare
    const fresh = storedEventAt(at(185));
    // Act
    const attempt = buildInclusionProof(proofDeps(), fresh);
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
  });

  it('finds the block of an instant by binary search over the chain', async () => {
    // Act
    const seqs = await Promise.all(
      [at(0), at(59.999), at(60), at(179), at(180)].map((t) => findBlockSeqAt(h.store, new Date(t))),
    );
    // Assess
    expect(seqs).toEqual([0, 0, 1, 2, undefined]);
  });
});

describe('verifyInclusionProof', () => {
  it('accepts a genuine proof with the event, offline', async () => {
    // Prepare
    const proof = await proofOf(2);
    // Act
    const check = verifyInclusionProof(JSON.parse(JSON.stringify(proof)) as InclusionProof, {
      event: events[2],
      trustedPublicKeyPem: await h.signer.publicKeyPem(),
    });
    // Assess
    expect(check).toEqual({ ok: true, problems: [] });
  });

  it('rejects a proof whose event was modified', async () => {
    // Prepare
    const proof = await proofOf(2);
    // Act
    const check = verifyInclusionProof(proof, { event: { ...(events[2] as StoredEvent), outcome: 'failure' } });
    // Assess
    expect(check.problems).toEqual(['event does not hash to the proven contentHash']);
  });

  it('rejects a proof moved to another leaf index', async () => {
    // Prepare
    const proof = await proofOf(2);
    // Act
    const check = verifyInclusionProof({ ...proof, leafIndex: 3 });
    // Assess
    expect(check.problems).toEqual(['audit path does not lead from the event to the block root']);
  });

  it('rejects a block re-signed by a key other than the trusted one', async () => {
    // Prepare
    const proof = await proofOf(2);
    const other = newTestSigner();
    const forged = {
      ...proof,
      publicKeyPem: await other.publicKeyPem(),
      block: { ...proof.block, signature: await other.sign(Buffer.from(proof.block.blockHash, 'hex')) },
    };
    // Act
    const check = verifyInclusionProof(forged, { trustedPublicKeyPem: await h.signer.publicKeyPem() });
    // Assess
    expect(check.problems).toEqual(['public key is not the trusted key']);
  });

  it('rejects a block whose content no longer matches its blockHash', async () => {
    // Prepare
    const proof = await proofOf(2);
    // Act
    const check = verifyInclusionProof({ ...proof, block: { ...proof.block, count: 6 } });
    // Assess
    expect(check.problems).toContain('blockHash does not match the block');
  });
});
