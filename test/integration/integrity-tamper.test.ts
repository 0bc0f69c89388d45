import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import type { Block } from '../../lambdas/core/integrity/block';
import { sealedDynamoDbSampleChain, type DynamoDbIntegrityHarness } from '../fixtures/integrity/dynamodb-harness';
import { storedEventAt } from '../fixtures/integrity/events';
import { newTestSigner } from '../fixtures/integrity/fakes';
import { at, errorsOf } from '../fixtures/integrity/harness';
import { rehashed, resign, TAMPER_NOW } from '../fixtures/integrity/tamper-setup';

/**
 * The tamper suite against the real adapters: DynamoDB Local (events and block items),
 * the local archive folder and the local PEM key. Each attack an insider with raw access
 * could make is detected and named by block and event.
 */

const NOW = TAMPER_NOW;
let h: DynamoDbIntegrityHarness;
let events: StoredEvent[];

beforeEach(async () => {
  ({ h, events } = await sealedDynamoDbSampleChain());
});
afterEach(async () => {
  await h.dispose();
});

const ev = (i: number): StoredEvent => events[i] as StoredEvent;
const tableBlock = async (seq: number): Promise<Block> => (await h.store.getBlock(seq)) as Block;

describe('an untouched chain in DynamoDB Local and the archive folder', () => {
  it('verifies with no findings', async () => {
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ ok: true, blocksChecked: 4, eventsChecked: 7 });
  });
});

describe('tampering with event items', () => {
  const forgedValues: Record<string, unknown> = {
    occurredAt: '2029-12-31T23:00:00.000Z',
    eventType: 'auth.logout',
    actor: { userId: 'someone-else' },
    outcome: 'failure',
    source: 'arn:aws:iam::123456789012:role/attacker',
    ingestedAt: at(21),
    retention: { class: 'security', expiresAt: at(1) },
    redactedPaths: ['metadata.note'],
    severity: 'critical',
    metadata: { note: 'added' },
  };

  it.each(Object.keys(forgedValues))('names the event when its %s field is modified', async (field) => {
    // Prepare
    expect((ev(1) as unknown as Record<string, unknown>)[field]).not.toEqual(forgedValues[field]);
    await h.overwriteEvent({ ...ev(1), [field]: forgedValues[field] } as StoredEvent);
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(report.ok).toBe(false);
    expect(errorsOf(report)).toContainEqual({ code: 'event_hash_mismatch', seq: 0, eventId: ev(1).eventId });
  });

  it('names the event when it is modified and its contentHash recomputed', async () => {
    // Prepare
    await h.overwriteEvent(rehashed({ ...ev(0), outcome: 'failure' }));
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([
      { code: 'event_not_as_sealed', seq: 0, eventId: ev(0).eventId },
      { code: 'event_differs_from_archive', seq: 0, eventId: ev(0).eventId },
      { code: 'merkle_root_mismatch', seq: 0 },
    ]);
  });

  it('names a deleted event', async () => {
    // Prepare
    await h.deleteEvent(ev(3).eventId);
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'event_deleted', seq: 1, eventId: ev(3).eventId }]);
  });

  it('names a forged event inserted into a sealed interval', async () => {
    // Prepare
    const forged = storedEventAt(at(70), 'forged-user');
    await h.ingest(forged);
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'event_unsealed', seq: 1, eventId: forged.eventId }]);
  });

  it('names events reordered within a block by swapping their ingest times', async () => {
    // Prepare
    await h.overwriteEvent(rehashed({ ...ev(0), ingestedAt: ev(1).ingestedAt }));
    await h.overwriteEvent(rehashed({ ...ev(1), ingestedAt: ev(0).ingestedAt }));
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual(
      expect.arrayContaining([
        { code: 'event_not_as_sealed', seq: 0, eventId: ev(0).eventId },
        { code: 'leaf_order', seq: 0, eventId: ev(1).eventId },
        { code: 'merkle_root_mismatch', seq: 0 },
      ]),
    );
  });

  it('names a block whose archived leaf list was reordered', async () => {
    // Prepare
    const archived = (await h.archive.getBlock(0))!;
    await h.rewriteArchivedBlock({ ...archived, leaves: [...archived.leaves].reverse() });
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual(expect.arrayContaining([{ code: 'archive_leaves_mismatch', seq: 0 }]));
  });
});

describe('tampering with blocks', () => {
  it('names the newest blocks deleted from the table while the archive keeps them', async () => {
    // Prepare
    await h.deleteBlock(2);
    await h.deleteBlock(3);
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([
      { code: 'block_missing_in_table', seq: 2 },
      { code: 'block_missing_in_table', seq: 3 },
    ]);
  });

  it('names tail truncation when the newest blocks are gone from table and archive', async () => {
    // Prepare
    for (const seq of [2, 3]) {
      await h.deleteBlock(seq);
      await h.deleteArchived(seq);
    }
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'blocks_missing_at_tail', seq: 1 }]);
  });

  it('names a middle block deleted from the table', async () => {
    // Prepare
    await h.deleteBlock(1);
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'block_missing_in_table', seq: 1 }]);
  });

  it('names a middle block deleted from table and archive', async () => {
    // Prepare
    await h.deleteBlock(1);
    await h.deleteArchived(1);
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'block_missing', seq: 1 }]);
  });

  it('names a table block re-signed with another key', async () => {
    // Prepare
    await h.overwriteBlock(await resign(await tableBlock(2), newTestSigner()));
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([
      { code: 'block_differs_from_archive', seq: 2 },
      { code: 'unknown_key', seq: 2 },
    ]);
  });

  it('names a table block that differs from the archived block', async () => {
    // Prepare
    await h.overwriteBlock(await resign({ ...(await tableBlock(3)), count: 0 }, h.signer));
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'block_differs_from_archive', seq: 3 }]);
  });
});
