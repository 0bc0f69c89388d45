import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SHARD_COUNT } from '../../lambdas/adapters/dynamodb/table-schema';
import { shardOf } from '../../lambdas/adapters/dynamodb/event-item';
import type { Block } from '../../lambdas/core/integrity/block';
import { BlockConflictError } from '../../lambdas/core/integrity/ports';
import { DynamoDbIntegrityHarness } from '../fixtures/integrity/dynamodb-harness';
import { storedEventAt } from '../fixtures/integrity/events';
import { at, errorsOf } from '../fixtures/integrity/harness';

/** The sealer over DynamoDB Local: reading by ingest time, catching up, writing blocks once, TTL expiry. */

/**
 * Catching up seals 31 blocks and verifies them, one DynamoDB round trip after another: no
 * wall-clock wait, but on a two-core machine shared with other busy processes it took over
 * 30 s. The limit only bounds a hung run.
 */
const CATCH_UP_TIMEOUT_MS = 240_000;

let h: DynamoDbIntegrityHarness;
beforeEach(async () => {
  h = await DynamoDbIntegrityHarness.create();
});
afterEach(async () => {
  await h.dispose();
});

describe('the seal source', () => {
  it('reads every event of an interval across all write shards and every minute it spans', async () => {
    // Prepare: at least 40 events over three minutes, more until every shard is hit (event ids
    // are random, so 40 alone can miss one); one event just outside each end.
    const inside = [];
    const shards = new Set<number>();
    for (let i = 0; inside.length < 40 || shards.size < SHARD_COUNT; i++) {
      const event = storedEventAt(at(30 + (i % 40) * 4));
      inside.push(event);
      shards.add(shardOf(event.contentHash));
    }
    const outside = [storedEventAt(at(29.999)), storedEventAt(at(190))];
    await h.ingest(...inside, ...outside);
    // Act
    const read = await h.source.eventsIngestedIn(new Date(at(30)), new Date(at(190)));
    // Assess
    expect(new Set(inside.map((e) => shardOf(e.contentHash))).size).toBe(SHARD_COUNT);
    expect(read.map((e) => e.eventId).sort()).toEqual(inside.map((e) => e.eventId).sort());
  });
});

describe('the block store', () => {
  it('never overwrites a block with different content', async () => {
    // Prepare
    await h.ingest(storedEventAt(at(5)));
    const [block] = (await h.seal(75)).sealed as Block[];
    // Act
    const overwrite = h.store.putBlock({ ...(block as Block), count: 7 });
    // Assess
    await expect(overwrite).rejects.toBeInstanceOf(BlockConflictError);
    expect(await h.store.getBlock(0)).toEqual(block);
  });

  it('accepts the same block again (a retried write)', async () => {
    // Prepare
    const [block] = (await h.seal(75)).sealed as Block[];
    // Act
    const retry = h.store.putBlock(block as Block);
    // Assess
    await expect(retry).resolves.toBeUndefined();
  });
});

describe('catching up after downtime', () => {
  it('seals every missed interval in order, with heartbeats for empty ones, and no gap', async () => {
    // Prepare: one run, then 30 minutes without the sealer while events keep arriving.
    await h.seal(75);
    const during = [at(200), at(900), at(1700)].map((t) => storedEventAt(t));
    await h.ingest(...during);
    // Act
    const run = await h.seal(31 * 60 + 15);
    // Assess
    const blocks = await h.store.listBlocks(0, 100);
    expect(blocks.map((b) => b.seq)).toEqual(Array.from({ length: 31 }, (_, i) => i));
    expect(
      blocks.every((b, i) => i === 0 || (b.from === blocks[i - 1]?.to && b.prevBlockHash === blocks[i - 1]?.blockHash)),
    ).toBe(true);
    expect(blocks.reduce((n, b) => n + b.count, 0)).toBe(3);
    expect({ sealed: run.sealed.length, lag: run.lagSeconds, late: run.lateEventIds }).toEqual({
      sealed: 30,
      lag: 5,
      late: [],
    });
    expect((await h.verify(31 * 60 + 15)).findings).toEqual([]);
  }, CATCH_UP_TIMEOUT_MS);
});

describe('retention expiry', () => {
  it('tells an event removed by TTL after its retention from a deleted one', async () => {
    // Prepare
    const event = storedEventAt(at(10));
    await h.ingest(event);
    await h.seal(75);
    await h.deleteEvent(event.eventId);
    const afterExpiry = new Date(Date.parse(event.retention.expiresAt) + 86_400_000);
    // Act
    const report = await h.verify(75, afterExpiry);
    // Assess
    const forEvent = report.findings.filter((f) => f.eventId === event.eventId);
    expect(forEvent.map((f) => ({ severity: f.severity, code: f.code }))).toEqual([
      { severity: 'info', code: 'event_expired' },
    ]);
  });

  it('names the same removal before the retention has passed a deletion', async () => {
    // Prepare
    const event = storedEventAt(at(10));
    await h.ingest(event);
    await h.seal(75);
    await h.deleteEvent(event.eventId);
    // Act
    const report = await h.verify(75);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'event_deleted', seq: 0, eventId: event.eventId }]);
  });
});
