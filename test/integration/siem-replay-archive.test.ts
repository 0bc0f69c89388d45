import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DuckDbArchiveReader } from '../../lambdas/adapters/duckdb/duckdb-archive-reader';
import { DynamoDbEventQuery } from '../../lambdas/adapters/dynamodb/dynamodb-event-query';
import { ITEM_KEYS } from '../../lambdas/adapters/dynamodb/table-schema';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import { eventsOfPeriod, refuseBeforeHotBoundary, type ReplayPeriod } from '../../lambdas/core/siem/replay';
import { createLocalClients } from '../../local/clients';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { localArchiveDir } from '../../local/sealer-timer';
import { anEvent } from '../fixtures/events';
import { waitFor } from '../fixtures/wait-for';

/**
 * A SIEM replay of a period whose events have left the table (hot window of 30 s, the TTL
 * reaper or a delete as TTL does): read from the archive with DuckDB, as the local replay
 * does, it delivers exactly the events the table gave before, oldest first.
 */

const HOT_WINDOW_SECONDS = 30;
const STARTUP_TIMEOUT_MS = 90_000;
const SEAL_WAIT_MS = 90_000;
const TEST_TIMEOUT_MS = 180_000;
let runtime: LocalRuntime;
let localDir: string;
let posted: string[];
let period: ReplayPeriod;
let fromTable: StoredEvent[];
let ingestedAt: number;

async function post(occurredAt: string): Promise<string> {
  const response = await fetch(`${runtime.apiUrl}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${runtime.credentials.writer}`, 'content-type': 'application/json' },
    body: JSON.stringify(anEvent({ occurredAt })),
  });
  return ((await response.json()) as { accepted: { eventId: string }[] }).accepted[0]!.eventId;
}

async function sealed(eventId: string): Promise<true | undefined> {
  const response = await fetch(`${runtime.apiUrl}/v1/events/${eventId}/proof`, {
    headers: { authorization: `Bearer ${runtime.credentials.reader}` },
  });
  await response.arrayBuffer();
  return response.status === 200 ? true : undefined;
}

const itemKey = (eventId: string) => ({ pk: ITEM_KEYS.eventPk(eventId), sk: ITEM_KEYS.eventSk });

async function leaveTable(eventId: string): Promise<void> {
  const { documentClient } = createLocalClients(runtime.dynamodbEndpoint);
  const found = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: itemKey(eventId) }));
  if (found.Item) await documentClient.send(new DeleteCommand({ TableName: runtime.tableName, Key: itemKey(eventId) }));
}

async function collect(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const tableReader = () =>
  new DynamoDbEventQuery(createLocalClients(runtime.dynamodbEndpoint).documentClient, runtime.tableName);
const idsAndHashes = (events: readonly StoredEvent[]) => events.map((e) => [e.eventId, e.contentHash]);

beforeAll(async () => {
  Object.assign(process.env, { BLOCK_SECONDS: '2', SEAL_GRACE_SECONDS: '1' });
  localDir = await mkdtemp(join(tmpdir(), 'dmis-siem-replay-archive-'));
  runtime = await startLocalRuntime({
    localDir,
    port: 0,
    tableName: 'dmis-audit-local',
    hotWindowSeconds: HOT_WINDOW_SECONDS,
  });
  ingestedAt = Date.now();
  const base = Math.floor(ingestedAt / 1000) * 1000;
  posted = [];
  for (const offset of [-3000, -2000, -1000]) posted.push(await post(new Date(base + offset).toISOString()));
  period = { from: new Date(base - 60_000).toISOString(), to: new Date(base + 60_000).toISOString() };
  await waitFor(async () => ((await Promise.all(posted.map(sealed))).every(Boolean) ? true : undefined), SEAL_WAIT_MS);
  fromTable = await collect(eventsOfPeriod(tableReader(), period));
}, STARTUP_TIMEOUT_MS + SEAL_WAIT_MS);
afterAll(async () => {
  await runtime?.stop();
  delete process.env.BLOCK_SECONDS;
  delete process.env.SEAL_GRACE_SECONDS;
  await rm(localDir, { recursive: true, force: true });
});

describe('SIEM replay of a period past the hot window', () => {
  it(
    'delivers from the archive exactly the events the table gave, oldest first',
    async () => {
      // Prepare: the window has passed; what the reaper has not removed yet is removed as TTL would.
      expect(fromTable.map((e) => e.eventId)).toEqual(expect.arrayContaining(posted));
      await waitFor(
        async () => (Date.now() > ingestedAt + (HOT_WINDOW_SECONDS + 5) * 1000 ? true : undefined),
        TEST_TIMEOUT_MS / 2,
      );
      for (const e of fromTable) await leaveTable(e.eventId);
      const archive = {
        reader: new DuckDbArchiveReader(localArchiveDir(localDir)),
        hotWindowSeconds: HOT_WINDOW_SECONDS,
      };
      try {
        // Act
        const [tableOnly, acrossTiers] = [
          await collect(eventsOfPeriod(tableReader(), period)),
          await collect(eventsOfPeriod(tableReader(), period, new Date(), archive)),
        ];
        // Assess
        expect(tableOnly).toEqual([]);
        expect(idsAndHashes(acrossTiers)).toEqual(idsAndHashes(fromTable));
        expect(acrossTiers.map((e) => e.eventId).filter((id) => posted.includes(id))).toEqual(posted);
      } finally {
        await archive.reader.close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it('is refused, naming the boundary, where only the table is read', () => {
    // Prepare
    const now = new Date(Date.parse(period.to) + HOT_WINDOW_SECONDS * 1000);
    // Act
    const refuse = () => refuseBeforeHotBoundary(period, HOT_WINDOW_SECONDS, now);
    // Assess
    expect(refuse).toThrow(`from is before the hot boundary ${period.to}`);
  });
});
