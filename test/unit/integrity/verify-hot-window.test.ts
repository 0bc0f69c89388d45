import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { createSignatureVerifier } from '../../../lambdas/core/integrity/signature';
import { verifyIntegrity, type VerifyReport } from '../../../lambdas/core/integrity/verifier';
import { debugEventAt, storedEventAt } from '../../fixtures/integrity/events';
import { IntegrityHarness, at, errorsOf } from '../../fixtures/integrity/harness';

/**
 * The verifier tells an event that left the table at the end of its hot window (the archive
 * now its only copy: info) from one deleted inside it or deleted from the archive too.
 */

const HOT_WINDOW_SECONDS = 3600;

/** Two sealed events in block 0; the first then gone from the table. */
async function sealedThenRemoved(): Promise<{ h: IntegrityHarness; gone: StoredEvent }> {
  const h = new IntegrityHarness();
  const [gone, kept] = [storedEventAt(at(5)), storedEventAt(at(20))];
  h.ingest(gone, kept);
  await h.seal(70);
  h.table.events.delete(gone.eventId);
  return { h, gone };
}

async function verifyAt(
  h: IntegrityHarness,
  seconds: number,
  hotWindowSeconds = HOT_WINDOW_SECONDS,
): Promise<VerifyReport> {
  const signatures = createSignatureVerifier({ [h.signer.keyId]: await h.signer.publicKeyPem() });
  const deps = { store: h.store, archive: h.archive, source: h.table, signatures, hotWindowSeconds };
  return verifyIntegrity(deps, { now: new Date(at(seconds)), toSeq: 1 });
}

describe('an event absent from the table', () => {
  it('after its hot window, with an intact archived copy, is reported as info and verification passes', async () => {
    // Prepare
    const { h, gone } = await sealedThenRemoved();
    // Act
    const report = await verifyAt(h, 5 + HOT_WINDOW_SECONDS);
    // Assess
    expect(report.ok).toBe(true);
    expect(report.findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        code: 'event_left_hot_window',
        seq: 0,
        leftHotWindow: expect.objectContaining({
          lastSeq: 0,
          count: 1,
          firstEventId: gone.eventId,
          lastEventId: gone.eventId,
        }),
      }),
    ]);
  });

  it('inside its hot window is event_deleted', async () => {
    // Prepare
    const { h, gone } = await sealedThenRemoved();
    // Act
    const report = await verifyAt(h, 5 + HOT_WINDOW_SECONDS - 1);
    // Assess
    expect(report.ok).toBe(false);
    expect(errorsOf(report)).toEqual([{ code: 'event_deleted', seq: 0, eventId: gone.eventId }]);
  });

  it('after its hot window but gone from the archive too is event_deleted', async () => {
    // Prepare
    const { h, gone } = await sealedThenRemoved();
    const archived = h.archive.events.get(0) ?? [];
    h.archive.events.set(
      0,
      archived.filter((e) => e.eventId !== gone.eventId),
    );
    // Act
    const report = await verifyAt(h, 5 + HOT_WINDOW_SECONDS);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'event_deleted', seq: 0, eventId: gone.eventId }]);
  });

  it('after its hot window but with an archived copy altered is event_deleted', async () => {
    // Prepare
    const { h, gone } = await sealedThenRemoved();
    const archived = h.archive.events.get(0) ?? [];
    h.archive.events.set(
      0,
      archived.map((e) => (e.eventId === gone.eventId ? { ...e, outcome: 'failure' as const } : e)),
    );
    // Act
    const report = await verifyAt(h, 5 + HOT_WINDOW_SECONDS);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'event_deleted', seq: 0, eventId: gone.eventId }]);
  });

  it('after its retention ended is still event_expired, whatever the hot window', async () => {
    // Prepare
    const { h, gone } = await sealedThenRemoved();
    const afterRetention = (Date.parse(gone.retention.expiresAt) - Date.parse(at(0))) / 1000 + 1;
    // Act
    const report = await verifyAt(h, afterRetention);
    // Assess
    expect(report.findings).toEqual([expect.objectContaining({ severity: 'info', code: 'event_expired' })]);
  });

  it('uses the default hot window of 395 days when none is configured', async () => {
    // Prepare
    const { h } = await sealedThenRemoved();
    const signatures = createSignatureVerifier({ [h.signer.keyId]: await h.signer.publicKeyPem() });
    const deps = { store: h.store, archive: h.archive, source: h.table, signatures };
    // Act
    const [inside, after] = await Promise.all(
      [394, 396].map((days) => verifyIntegrity(deps, { now: new Date(at(days * 86_400)), toSeq: 1 })),
    );
    // Assess
    expect([inside?.ok, after?.ok]).toEqual([false, true]);
  });
});

describe('an archive partition gone after its retention', () => {
  const DAY_SECONDS = 86_400;
  const DEBUG_KEY = 'events/retention=debug/day=2030-01-01/000000000000.ndjson.gz';
  const SECURITY_KEY = 'events/retention=security/day=2030-01-01/000000000000.ndjson.gz';

  /** Block 0 with a security and a debug event; the debug partition and event then removed as Lifecycle and TTL do. */
  async function debugPartitionRemoved(): Promise<{ h: IntegrityHarness; debug: StoredEvent }> {
    const h = new IntegrityHarness();
    const [security, debug] = [storedEventAt(at(5)), debugEventAt(at(9))];
    h.ingest(security, debug);
    await h.seal(70);
    h.archive.events.delete(0);
    h.archive.partitions.set(SECURITY_KEY, [security]);
    h.table.events.delete(debug.eventId);
    return { h, debug };
  }

  it('is expected once the class retention plus the margin has passed: the debug event is expired', async () => {
    // Prepare
    const { h, debug } = await debugPartitionRemoved();
    expect((await h.archive.getBlock(0))?.eventObjects).toEqual([SECURITY_KEY, DEBUG_KEY]);
    // Act
    const report = await verifyAt(h, 32 * DAY_SECONDS, 400 * DAY_SECONDS);
    // Assess
    expect(report.ok).toBe(true);
    expect(report.findings).toEqual([
      expect.objectContaining({ severity: 'info', code: 'event_expired', eventId: debug.eventId }),
    ]);
  });

  it('is archive_events_missing while the class retention runs', async () => {
    // Prepare
    const { h } = await debugPartitionRemoved();
    // Act
    const report = await verifyAt(h, 20 * DAY_SECONDS, 400 * DAY_SECONDS);
    // Assess
    expect(errorsOf(report)).toEqual(expect.arrayContaining([{ code: 'archive_events_missing', seq: 0 }]));
  });
});
