import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { eventLine } from '../../../bin/cli-output';
import { buildStoredEvent } from '../../../lambdas/core/build-event';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { arrivalDelaySeconds, formatDelay, isLateArrival, LATE_ARRIVAL_THRESHOLD_SECONDS } from '../../../lambdas/core/late-arrival';
import { LATE_ARRIVALS_LISTED, LateArrivalTally } from '../../../lambdas/core/query/late-arrival-tally';

const INGESTED = Date.parse('2026-11-20T12:00:00.000Z');

/** A stored event ingested at INGESTED (+ `ingestOffset` s) that occurred `delay` seconds before. */
function arrivedAfter(delay: number, ingestOffset = 0): StoredEvent {
  const ingestedAt = new Date(INGESTED + ingestOffset * 1000);
  return buildStoredEvent(
    { occurredAt: new Date(ingestedAt.getTime() - delay * 1000).toISOString(), eventType: 'auth.login.success', actor: { userId: 'u-7' }, outcome: 'success' },
    { eventId: randomUUID(), source: 'arn:aws:iam::123456789012:role/dmis-api', ingestedAt },
  );
}

describe('late arrival', () => {
  it('is late only beyond the threshold', () => {
    expect(isLateArrival(arrivedAfter(LATE_ARRIVAL_THRESHOLD_SECONDS))).toBe(false);
    expect(isLateArrival(arrivedAfter(LATE_ARRIVAL_THRESHOLD_SECONDS + 1))).toBe(true);
  });

  it('measures whole seconds, negative when the writer clock runs ahead', () => {
    expect(arrivalDelaySeconds({ occurredAt: '2026-11-20T09:00:00.000Z', ingestedAt: '2026-11-20T12:00:00.900Z' })).toBe(10_800);
    expect(arrivalDelaySeconds({ occurredAt: '2026-11-20T12:00:05.000Z', ingestedAt: '2026-11-20T12:00:00.000Z' })).toBe(-5);
    expect(isLateArrival(arrivedAfter(-3600))).toBe(false);
  });

  it('formats delays for people', () => {
    expect([42, 600, 3 * 3600 + 5 * 60, 2 * 86_400 + 4 * 3600].map(formatDelay)).toEqual(['42s', '10m', '3h 5m', '2d 4h']);
  });
});

describe('LateArrivalTally', () => {
  it('counts late arrivals only, with the longest delay', () => {
    // Prepare
    const tally = new LateArrivalTally();
    // Act
    [arrivedAfter(30), arrivedAfter(7200, 2), arrivedAfter(900, 1)].forEach((e) => tally.add(e));
    const s = tally.summary();
    // Assess
    expect({ total: s.total, max: s.maxDelaySeconds, delays: s.latest.map((l) => l.delaySeconds) }).toEqual({ total: 2, max: 7200, delays: [7200, 900] });
  });

  it('reports no late arrivals as a zero count and no maximum', () => {
    const tally = new LateArrivalTally();
    tally.add(arrivedAfter(10));
    expect(tally.summary()).toEqual({ thresholdSeconds: LATE_ARRIVAL_THRESHOLD_SECONDS, total: 0, maxDelaySeconds: null, latest: [] });
  });

  it('lists only the latest ingested, newest first, however many there are', () => {
    // Prepare: ingest times in a shuffled order, as a scan by occurredAt sees them.
    const offsets = Array.from({ length: 3 * LATE_ARRIVALS_LISTED }, (_, i) => (i * 37) % (3 * LATE_ARRIVALS_LISTED));
    const tally = new LateArrivalTally();
    // Act
    offsets.forEach((offset) => tally.add(arrivedAfter(3600, offset)));
    const s = tally.summary();
    // Assess
    const newest = [...offsets].sort((a, b) => b - a).slice(0, LATE_ARRIVALS_LISTED);
    expect(s.total).toBe(3 * LATE_ARRIVALS_LISTED);
    expect(s.latest.map((l) => (Date.parse(l.ingestedAt) - INGESTED) / 1000)).toEqual(newest);
  });
});

describe('CLI event line', () => {
  it('marks a late arrival with its delay and leaves a timely event unmarked', () => {
    expect(eventLine(arrivedAfter(3 * 3600))).toMatch(/ {2}\(late arrival: \+3h 0m\)$/);
    expect(eventLine(arrivedAfter(20))).not.toContain('late arrival');
  });
});
