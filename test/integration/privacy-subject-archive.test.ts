import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbArchiveReader } from '../../lambdas/adapters/duckdb/duckdb-archive-reader';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import { subjectEvents } from '../../lambdas/core/privacy/subject-events';
import type { EventIndexReader, SegmentRead } from '../../lambdas/core/query/ports';
import { aStoredEvent, writeArchivedEvents } from '../fixtures/archive-events';

const NOW = new Date('2026-12-01T00:00:00.000Z');
const HOT_WINDOW_SECONDS = 30 * 86_400;

/** The table's side: the events still inside the hot window, read by segment as the DynamoDB reader would. */
function tableOf(events: readonly StoredEvent[]): EventIndexReader {
  return {
    async *read(request: SegmentRead) {
      const { segment } = request;
      for (const e of events) {
        if (segment.kind === 'actor' && e.actor.userId === segment.actor) yield e;
        if (segment.kind === 'target' && e.target?.type === segment.targetType && e.target.id === segment.targetId) yield e;
      }
    },
  };
}

describe('a data subject\'s events across the table and the archive', () => {
  let root: string;
  let archive: DuckDbArchiveReader;
  const old = [
    aStoredEvent({ occurredAt: '2026-03-02T10:00:00.000Z', actor: { userId: 'amy' } }),
    aStoredEvent({ occurredAt: '2026-03-03T10:00:00.000Z', actor: { userId: 'admin' }, target: { type: 'user', id: 'amy' } }),
    aStoredEvent({ occurredAt: '2026-03-04T10:00:00.000Z', actor: { userId: 'bob' } }),
  ];
  const recent = [
    aStoredEvent({ occurredAt: '2026-11-20T10:00:00.000Z', actor: { userId: 'amy' } }),
    aStoredEvent({ occurredAt: '2026-11-21T10:00:00.000Z', actor: { userId: 'bob' } }),
  ];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'subject-archive-'));
    // Everything is archived once sealed; only the recent events are still in the table.
    await writeArchivedEvents(root, 1, [...old, ...recent]);
    archive = new DuckDbArchiveReader(root);
  });

  afterAll(async () => {
    await archive.close();
    await rm(root, { recursive: true, force: true });
  });

  test('finds the events by and about the person in both tiers, each once, newest first', async () => {
    const found = await subjectEvents(tableOf(recent), 'amy', { tier: { reader: archive, hotWindowSeconds: HOT_WINDOW_SECONDS }, now: NOW });

    expect(found.map((e) => e.eventId)).toEqual([recent[0], old[1], old[0]].map((e) => e?.eventId));
  });

  test('without the archive finds only what the table still holds', async () => {
    const found = await subjectEvents(tableOf(recent), 'amy');

    expect(found.map((e) => e.eventId)).toEqual([recent[0]?.eventId]);
  });
});
