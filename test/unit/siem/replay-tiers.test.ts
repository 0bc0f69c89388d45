import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import type { ArchiveEventReader, ArchiveRead, EventIndexReader, SegmentRead } from '../../../lambdas/core/query/ports';
import { eventsOfPeriod, parseReplayPeriod, refuseBeforeHotBoundary } from '../../../lambdas/core/siem/replay';
import { createSiemForwarder } from '../../../lambdas/core/siem/forwarder';
import { createSiemInvocationHandler } from '../../../lambdas/functions/siem-forwarder/aws-invocation';
import { createSiemStreamHandler } from '../../../lambdas/functions/siem-forwarder/handler';
import { MemoryBacklog, RecordingSender, storedEvents } from '../../fixtures/siem-events';

/**
 * A replay period split at the hot boundary: the hot part from the table, the older part
 * from the archive tier, one oldest-first stream; without an archive tier the forwarder
 * refuses a period reaching before the boundary, naming it.
 */

/** Events newest first by (occurredAt, eventId) within [from, to), as both readers answer. */
const newestFirstWithin = (events: readonly StoredEvent[], from?: string, to?: string) =>
  events
    .filter((e) => (!from || e.occurredAt >= from) && (!to || e.occurredAt < to))
    .sort((a, b) => `${b.occurredAt}#${b.eventId}`.localeCompare(`${a.occurredAt}#${a.eventId}`));

class TableIndex implements EventIndexReader {
  constructor(private readonly events: readonly StoredEvent[]) {}
  async *read(request: SegmentRead): AsyncIterable<StoredEvent> {
    yield* newestFirstWithin(this.events, request.from, request.to);
  }
}

class Archive implements ArchiveEventReader {
  readonly ranges: ArchiveRead['range'][] = [];
  constructor(private readonly events: readonly StoredEvent[]) {}
  async *read(request: ArchiveRead): AsyncIterable<StoredEvent> {
    this.ranges.push(request.range);
    yield* newestFirstWithin(this.events, request.range.from, request.range.to);
  }
  async get(): Promise<StoredEvent | undefined> {
    return undefined;
  }
}

const NOW = new Date('2026-12-02T12:00:00.000Z');
const HOT_WINDOW_SECONDS = 86_400; // boundary 2026-12-01T12:00:00Z
const at = (iso: string) => storedEvents(1, { occurredAt: iso })[0] as StoredEvent;
const collect = async (events: AsyncIterable<StoredEvent>) => {
  const out: string[] = [];
  for await (const e of events) out.push(e.occurredAt);
  return out;
};

describe('eventsOfPeriod across the hot boundary', () => {
  const old = ['2026-12-01T11:00:00.000Z', '2026-12-01T11:59:59.999Z'].map(at);
  const hot = ['2026-12-01T12:00:00.000Z', '2026-12-01T12:30:00.000Z'].map(at);

  it('reads the part before the boundary from the archive, the rest from the table, oldest first', async () => {
    // Prepare: the old events have left the table; the archive holds every event.
    const archive = new Archive([...old, ...hot]);
    const period = parseReplayPeriod('2026-12-01T10:30:00Z', '2026-12-01T13:00:00Z');
    // Act
    const times = await collect(
      eventsOfPeriod(new TableIndex(hot), period, NOW, { reader: archive, hotWindowSeconds: HOT_WINDOW_SECONDS }),
    );
    // Assess
    expect(times).toEqual([...old, ...hot].map((e) => e.occurredAt));
    expect(archive.ranges.every((r) => (r.to ?? '') <= '2026-12-01T12:00:00.000Z')).toBe(true);
  });

  it('without an archive tier reads the table only (the old events are missed)', async () => {
    const period = parseReplayPeriod('2026-12-01T10:30:00Z', '2026-12-01T13:00:00Z');
    expect(await collect(eventsOfPeriod(new TableIndex(hot), period, NOW))).toEqual(hot.map((e) => e.occurredAt));
  });
});

describe('refuseBeforeHotBoundary', () => {
  it('accepts a period starting at the boundary and refuses one starting before, naming it', () => {
    const atBoundary = parseReplayPeriod('2026-12-01T12:00:00Z', '2026-12-01T13:00:00Z');
    const before = parseReplayPeriod('2026-12-01T11:59:59Z', '2026-12-01T13:00:00Z');
    expect(() => refuseBeforeHotBoundary(atBoundary, HOT_WINDOW_SECONDS, NOW)).not.toThrow();
    expect(() => refuseBeforeHotBoundary(before, HOT_WINDOW_SECONDS, NOW)).toThrow(
      'before the hot boundary 2026-12-01T12:00:00.000Z',
    );
  });

  it('makes the forwarder answer invalid_request naming the boundary, recording and sending nothing', async () => {
    // Prepare
    const sender = new RecordingSender('soc');
    const forwarder = createSiemForwarder({
      routes: [{ name: 'soc', format: 'json', sender }],
      backlog: new MemoryBacklog(),
    });
    const recorded: string[] = [];
    const handler = createSiemInvocationHandler({
      forwarder,
      streamHandler: createSiemStreamHandler(forwarder),
      destinations: ['soc'],
      eventsOfPeriod: () => new TableIndex(storedEvents(2)).read({} as SegmentRead),
      refusePeriod: (period) => refuseBeforeHotBoundary(period, HOT_WINDOW_SECONDS, NOW),
      recordReplay: async (destination) => void recorded.push(destination),
      release: async () => undefined,
    });
    // Act
    const answer = await handler({
      replay: { destination: 'soc', from: '2026-11-30T00:00:00Z', to: '2026-12-01T13:00:00Z' },
    });
    // Assess
    expect(answer).toEqual({
      error: {
        code: 'invalid_request',
        message: expect.stringContaining('replay.from: from is before the hot boundary 2026-12-01T12:00:00.000Z'),
      },
    });
    expect(recorded).toEqual([]);
    expect(sender.sent).toEqual([]);
  });
});
