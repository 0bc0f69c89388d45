import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { createSignatureVerifier } from '../../../lambdas/core/integrity/signature';
import { verifyIntegrity, type VerifyReport } from '../../../lambdas/core/integrity/verifier';
import { storedEventAt } from '../../fixtures/integrity/events';
import { IntegrityHarness, at, errorsOf } from '../../fixtures/integrity/harness';

/**
 * Events that left the table at the end of their hot window are reported as one info
 * finding per run of consecutive blocks, with their count and span; deletions stay
 * per-event errors.
 */

const HOT_WINDOW_SECONDS = 3600;

/** Blocks of a minute each from T0, holding events ingested at the given seconds; sealed. */
async function sealed(seconds: readonly number[]): Promise<{ h: IntegrityHarness; events: StoredEvent[] }> {
  const h = new IntegrityHarness();
  const events = seconds.map((s) => storedEventAt(at(s)));
  h.ingest(...events);
  await h.seal(Math.max(...seconds) + 130);
  return { h, events };
}

function removeFromTable(h: IntegrityHarness, ...events: StoredEvent[]): void {
  for (const e of events) h.table.events.delete(e.eventId);
}

async function verifyAt(h: IntegrityHarness, seconds: number, toSeq: number): Promise<VerifyReport> {
  const signatures = createSignatureVerifier({ [h.signer.keyId]: await h.signer.publicKeyPem() });
  const deps = {
    store: h.store,
    archive: h.archive,
    source: h.table,
    signatures,
    hotWindowSeconds: HOT_WINDOW_SECONDS,
  };
  return verifyIntegrity(deps, { now: new Date(at(seconds)), toSeq });
}

const leftFindings = (report: VerifyReport) => report.findings.filter((f) => f.code === 'event_left_hot_window');

describe('events that left the hot window', () => {
  it('all of one block are one finding with their count and span', async () => {
    // Prepare
    const { h, events } = await sealed([5, 20, 40]);
    removeFromTable(h, ...events);
    // Act
    const report = await verifyAt(h, 40 + HOT_WINDOW_SECONDS, 1);
    // Assess
    expect(report.ok).toBe(true);
    expect(report.findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        code: 'event_left_hot_window',
        seq: 0,
        leftHotWindow: {
          lastSeq: 0,
          count: 3,
          firstEventId: events[0]?.eventId,
          lastEventId: events[2]?.eventId,
          earliestOccurredAt: at(5),
          latestOccurredAt: at(40),
          lastLeftAt: at(40 + HOT_WINDOW_SECONDS),
        },
      }),
    ]);
    expect(report.findings[0]?.message).toContain(`3 events of block 0`);
  });

  it('mixed with a deletion inside the window: one aggregate and a per-event error', async () => {
    // Prepare: the event at 5 s left its window at the check, the one at 50 s is still inside it.
    const { h, events } = await sealed([5, 10, 50]);
    const [left1, left2, deleted] = events as [StoredEvent, StoredEvent, StoredEvent];
    removeFromTable(h, left1, left2, deleted);
    // Act
    const report = await verifyAt(h, 20 + HOT_WINDOW_SECONDS, 1);
    // Assess
    expect(report.ok).toBe(false);
    expect(errorsOf(report)).toEqual([{ code: 'event_deleted', seq: 0, eventId: deleted.eventId }]);
    expect(leftFindings(report)).toEqual([
      expect.objectContaining({
        severity: 'info',
        leftHotWindow: expect.objectContaining({ count: 2, firstEventId: left1.eventId, lastEventId: left2.eventId }),
      }),
    ]);
  });

  it('across consecutive blocks, empty ones included, are one finding naming the blocks', async () => {
    // Prepare: blocks 0, 1 and 3 hold events, block 2 none.
    const { h, events } = await sealed([5, 65, 185]);
    removeFromTable(h, ...events);
    // Act
    const report = await verifyAt(h, 185 + HOT_WINDOW_SECONDS, 4);
    // Assess
    expect(report.ok).toBe(true);
    expect(leftFindings(report)).toEqual([
      expect.objectContaining({ seq: 0, leftHotWindow: expect.objectContaining({ lastSeq: 3, count: 3 }) }),
    ]);
    expect(leftFindings(report)[0]?.message).toContain('blocks 0..3');
  });

  it('are split into two runs by a block whose events are all still in the table', async () => {
    // Prepare
    const { h, events } = await sealed([5, 65, 125]);
    const [first, kept, last] = events as [StoredEvent, StoredEvent, StoredEvent];
    removeFromTable(h, first, last);
    // Act
    const report = await verifyAt(h, 125 + HOT_WINDOW_SECONDS, 3);
    // Assess
    expect(report.ok).toBe(true);
    expect(kept.eventId).not.toBe(first.eventId);
    expect(leftFindings(report).map((f) => [f.seq, f.leftHotWindow?.lastSeq, f.leftHotWindow?.firstEventId])).toEqual([
      [0, 0, first.eventId],
      [2, 2, last.eventId],
    ]);
  });
});
