import { beforeEach, describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { storedEventAt } from '../../fixtures/integrity/events';
import type { IntegrityHarness } from '../../fixtures/integrity/harness';
import { at, errorsOf } from '../../fixtures/integrity/harness';
import { TAMPER_NOW as NOW, rehashed, sealedSampleChain } from '../../fixtures/integrity/tamper-setup';

/** The tamper suite at the core level, events: each change an insider with table write access could make, and the finding that names it. */

let h: IntegrityHarness;
let events: StoredEvent[];
beforeEach(async () => {
  ({ h, events } = await sealedSampleChain());
});
const ev = (i: number): StoredEvent => events[i] as StoredEvent;

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
  it.each([
    'occurredAt',
    'eventType',
    'actor',
    'outcome',
    'source',
    'ingestedAt',
    'retention',
    'redactedPaths',
    'severity',
  ])('names the event when its %s field is modified', async (field) => {
    // Prepare
    const original = ev(1);
    const value =
      field === 'ingestedAt' ? at(21) : field === 'retention' ? { class: 'security', expiresAt: at(1) } : 'forged';
    h.table.events.set(original.eventId, { ...original, [field]: value } as StoredEvent);
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(report.ok).toBe(false);
    expect(errorsOf(report)).toContainEqual({ code: 'event_hash_mismatch', seq: 0, eventId: original.eventId });
  });

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
    expect(report.findings).toEqual([
      expect.objectContaining({ severity: 'info', code: 'event_expired', seq: 1, eventId: ev(3).eventId }),
    ]);
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
    expect(errorsOf(report)).toEqual(
      expect.arrayContaining([
        { code: 'archive_leaves_mismatch', seq: 0 },
        expect.objectContaining({ code: 'leaf_order', seq: 0 }),
      ]),
    );
  });
});
