import { beforeEach, describe, expect, it } from 'vitest';
import { contentHashOf } from '../../../lambdas/core/build-event';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { computeBlockHash, type Block } from '../../../lambdas/core/integrity/block';
import { hexToBytes } from '../../../lambdas/core/integrity/merkle';
import { storedEventAt } from '../../fixtures/integrity/events';
import { newTestSigner } from '../../fixtures/integrity/fakes';
import { IntegrityHarness, at, errorsOf } from '../../fixtures/integrity/harness';

/**
 * The tamper suite at the core level: each attack an insider with write access to the
 * table (or, hypothetically, the archive) could make, and the finding that names it.
 */

const NOW = 4 * 60 + 10;
let h: IntegrityHarness;
let events: StoredEvent[];

beforeEach(async () => {
  h = new IntegrityHarness();
  events = [at(1), at(20), at(40), at(65), at(90), at(200), at(230)].map((t) => storedEventAt(t));
  h.ingest(...events);
  await h.seal(NOW);
});

const ev = (i: number): StoredEvent => events[i] as StoredEvent;
const rehashed = (e: StoredEvent): StoredEvent => ({ ...e, contentHash: contentHashOf(e) });
const resign = async (block: Block, signer = h.signer): Promise<Block> => {
  const { blockHash: _h, signature: _s, ...content } = { ...block, keyId: signer.keyId };
  const blockHash = computeBlockHash(content);
  return { ...content, blockHash, signature: await signer.sign(hexToBytes(blockHash)) };
};

describe('an untouched chain', () => {
  it('verifies with no findings', async () => {
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ ok: true, blocksChecked: 4, eventsChecked: 7 });
  });
});

describe('tampering with events', () => {
  it.each(['occurredAt', 'eventType', 'actor', 'outcome', 'source', 'ingestedAt', 'retention', 'redactedPaths', 'severity'])(
    'names the event when its %s field is modified',
    async (field) => {
      // Prepare
      const original = ev(1);
      const value = field === 'ingestedAt' ? at(21) : field === 'retention' ? { class: 'security', expiresAt: at(1) } : 'forged';
      h.table.events.set(original.eventId, { ...original, [field]: value } as StoredEvent);
      // Act
      const report = await h.verify(NOW);
      // Assess
      expect(report.ok).toBe(false);
      expect(errorsOf(report)).toContainEqual({ code: 'event_hash_mismatch', seq: 0, eventId: original.eventId });
    },
  );

  it('names the event when it is modified and its contentHash recomputed', async () => {
    // Prepare
    h.table.events.set(ev(0).eventId, rehashed({ ...ev(0), outcome: 'failure' }));
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([
      { code: 'event_not_as_sealed', seq: 0, eventId: ev(0).eventId },
      { code: 'event_differs_from_archive', seq: 0, eventId: ev(0).eventId },
      { code: 'merkle_root_mismatch', seq: 0 },
    ]);
  });

  it('names a deleted event whose retention has not passed', async () => {
    // Prepare
    h.table.events.delete(ev(3).eventId);
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'event_deleted', seq: 1, eventId: ev(3).eventId }]);
  });

  it('tells an event removed by TTL after its retention apart from a deleted one', async () => {
    // Prepare
    h.table.events.delete(ev(3).eventId);
    const afterRetention = new Date(Date.parse(ev(3).retention.expiresAt) + 1000);
    // Act
    const report = await h.verify(NOW, afterRetention);
    // Assess
    expect(report.ok).toBe(true);
    expect(report.findings).toEqual([expect.objectContaining({ severity: 'info', code: 'event_expired', seq: 1, eventId: ev(3).eventId })]);
  });

  it('names a forged event inserted into a sealed interval', async () => {
    // Prepare
    const forged = storedEventAt(at(70), 'u-forger');
    h.ingest(forged);
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'event_unsealed', seq: 1, eventId: forged.eventId }]);
  });

  it('names events reordered within a block by swapping their ingest times', async () => {
    // Prepare
    h.table.events.set(ev(0).eventId, rehashed({ ...ev(0), ingestedAt: ev(1).ingestedAt }));
    h.table.events.set(ev(1).eventId, rehashed({ ...ev(1), ingestedAt: ev(0).ingestedAt }));
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual(
      expect.arrayContaining([
        { code: 'event_not_as_sealed', seq: 0, eventId: ev(0).eventId },
        { code: 'event_not_as_sealed', seq: 0, eventId: ev(1).eventId },
        { code: 'leaf_order', seq: 0, eventId: ev(1).eventId },
        { code: 'merkle_root_mismatch', seq: 0 },
      ]),
    );
  });

  it('names a block whose archived leaf list was reordered', async () => {
    // Prepare
    const archived = h.archive.blocks.get(0)!;
    h.archive.blocks.set(0, { ...archived, leaves: [...archived.leaves].reverse() });
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual(expect.arrayContaining([{ code: 'archive_leaves_mismatch', seq: 0 }, expect.objectContaining({ code: 'leaf_order', seq: 0 })]));
  });
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
    const resealed = await resign({ ...h.store.blocks.get(3)!, count: 0 });
    h.store.blocks.set(3, resealed);
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'block_differs_from_archive', seq: 3 }]);
  });

  it('names a broken chain when a block is rebuilt on another predecessor', async () => {
    // Prepare
    const rebuilt = await resign({ ...h.archive.blocks.get(2)!.block, prevBlockHash: 'ab'.repeat(32) });
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
