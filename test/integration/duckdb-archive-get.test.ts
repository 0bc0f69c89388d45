import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DuckDbArchiveReader } from '../../lambdas/adapters/duckdb/duckdb-archive-reader';
import { LocalBlockArchive } from '../../lambdas/adapters/local/local-archive';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import { aStoredEvent } from '../fixtures/archive-events';

/**
 * DuckDbArchiveReader.get over a folder written by the local archive itself (the sealer's
 * writer): one event by its id, from whichever block, retention class and day partition
 * holds it, exactly as archived.
 */

/** Events of several days and retention classes, with values that JSON text handling could alter. */
function corpus(): StoredEvent[] {
  return [
    aStoredEvent({ occurredAt: '2025-02-01T08:00:00.000Z', actor: { userId: "o'brien", ip: '198.51.100.7' } }),
    aStoredEvent({ occurredAt: '2025-02-01T09:00:00.000Z', eventType: 'system.debug', actor: { userId: 'svc' }, changes: undefined }),
    aStoredEvent({
      occurredAt: '2025-02-02T10:00:00.000Z', actor: { userId: 'ünïcødé-名前-🚒' }, reason: 'line\nbreak\ttab "quoted" \\ back',
      metadata: { nul: 'a\u0000b', big: 12345678901234567000, small: 1e-7, ratio: 0.1, nested: { list: [1, 'two', null, false] } },
    }),
    aStoredEvent({ occurredAt: '2025-02-03T11:00:00.000Z', eventType: 'auth.login.failure', outcome: 'failure', actor: { userId: 'jdoe' }, changes: undefined }),
    aStoredEvent({ occurredAt: '2025-02-03T12:00:00.000Z', eventType: 'custom.warehouse.stock_count', actor: { userId: 'svc' } }),
  ];
}

describe('DuckDbArchiveReader.get over the local archive', () => {
  let root: string;
  let reader: DuckDbArchiveReader;
  const events = corpus();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'archive-duckdb-get-'));
    const archive = new LocalBlockArchive(root);
    await archive.putEvents(1, events.slice(0, 2));
    await archive.putEvents(2, events.slice(2));
    reader = new DuckDbArchiveReader(root);
  });

  afterAll(async () => {
    await reader.close();
    await rm(root, { recursive: true, force: true });
  });

  test.each(events.map((e, i) => [i, e] as const))('event %i: found in its partition, serialising to the same bytes', async (_i, event) => {
    const found = await reader.get(event.eventId);

    expect(found).toEqual(event);
    expect(JSON.stringify(found)).toBe(JSON.stringify(event));
  });

  test('an id no event object holds is undefined', async () => {
    await expect(reader.get(randomUUID())).resolves.toBeUndefined();
  });

  test('an id is a bound value, never SQL: a quote-laden id matches nothing', async () => {
    await expect(reader.get("x' OR '1'='1")).resolves.toBeUndefined();
  });

  test('an id archived twice fails rather than pick a copy', async () => {
    const twice = await mkdtemp(join(tmpdir(), 'archive-duckdb-twice-'));
    const local = new DuckDbArchiveReader(twice);
    try {
      const archive = new LocalBlockArchive(twice);
      const event = aStoredEvent({ occurredAt: '2025-03-01T08:00:00.000Z' });
      await archive.putEvents(7, [event]);
      await archive.putEvents(8, [event, aStoredEvent({ occurredAt: '2025-03-02T08:00:00.000Z' })]);

      await expect(local.get(event.eventId)).rejects.toThrow(`the archive holds event ${event.eventId} more than once`);
    } finally {
      await local.close();
      await rm(twice, { recursive: true, force: true });
    }
  });

  test('an archive with no event objects yet finds nothing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'archive-duckdb-get-empty-'));
    const local = new DuckDbArchiveReader(empty);
    try {
      await expect(local.get(randomUUID())).resolves.toBeUndefined();
    } finally {
      await local.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
