import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import type { EventIndexReader, SegmentRead } from '../../../lambdas/core/query/ports';
import { eventsOfPeriod, parseReplayPeriod } from '../../../lambdas/core/siem/replay';
import { storedEvents } from '../../fixtures/siem-events';

/** The byTime index in memory: a day's events within the bounds, newest first by (occurredAt, eventId). */
class DayIndex implements EventIndexReader {
  readonly reads: SegmentRead[] = [];
  constructor(private readonly events: readonly StoredEvent[]) {}
  async *read(request: SegmentRead): AsyncIterable<StoredEvent> {
    this.reads.push(request);
    const day = request.segment.kind === 'day' ? request.segment.day : '';
    const rows = this.events
      .filter((e) => e.occurredAt.startsWith(day) && (!request.from || e.occurredAt >= request.from) && (!request.to || e.occurredAt < request.to))
      .sort((a, b) => `${b.occurredAt}#${b.eventId}`.localeCompare(`${a.occurredAt}#${a.eventId}`));
    yield* rows;
  }
}

const at = (iso: string) => storedEvents(1, { occurredAt: iso })[0] as StoredEvent;
const collect = async (events: AsyncIterable<StoredEvent>) => {
  const out: string[] = [];
  for await (const e of events) out.push(e.occurredAt);
  return out;
};

describe('replay period', () => {
  const times = ['2026-11-19T23:59:59.999Z', '2026-11-20T00:00:00.000Z', '2026-11-20T00:59:59.999Z', '2026-11-20T01:00:00.000Z',
    '2026-11-21T00:30:00.000Z', '2026-11-21T02:00:00.000Z'];
  const index = new DayIndex([...times].reverse().map(at));

  it('gives the events with from <= occurredAt < to, oldest first, across hours and days', async () => {
    const period = parseReplayPeriod('2026-11-20T00:00:00Z', '2026-11-21T02:00:00Z');
    expect(await collect(eventsOfPeriod(index, period, new Date('2026-11-22T00:00:00Z')))).toEqual(times.slice(1, 5));
  });

  it('reads an hour at a time within the period', async () => {
    index.reads.length = 0;
    await collect(eventsOfPeriod(index, parseReplayPeriod('2026-11-20T00:30:00Z', '2026-11-20T02:15:00Z'), new Date('2026-11-22T00:00:00Z')));
    expect(index.reads.map((r) => [r.from, r.to])).toEqual([
      ['2026-11-20T00:30:00.000Z', '2026-11-20T01:00:00.000Z'],
      ['2026-11-20T01:00:00.000Z', '2026-11-20T02:00:00.000Z'],
      ['2026-11-20T02:00:00.000Z', '2026-11-20T02:15:00.000Z'],
    ]);
  });

  it('normalises an offset to UTC', () => {
    expect(parseReplayPeriod('2026-11-20T05:00:00-05:00', '2026-11-20T11:00:00Z')).toEqual({ from: '2026-11-20T10:00:00.000Z', to: '2026-11-20T11:00:00.000Z' });
  });

  it.each([
    [undefined, '2026-11-20T11:00:00Z', 'from must be an ISO 8601 time with a zone'],
    ['2026-11-20T10:00:00', '2026-11-20T11:00:00Z', 'from must be an ISO 8601 time with a zone'],
    ['2026-11-20T10:00:00Z', 'tomorrow', 'to must be an ISO 8601 time with a zone'],
    ['2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', 'from must be before to'],
    ['2026-01-01T00:00:00Z', '2026-11-20T10:00:00Z', 'a replay may span at most 92 days'],
  ])('refuses from=%s to=%s', (from, to, message) => {
    expect(() => parseReplayPeriod(from, to)).toThrow(message);
  });
});
