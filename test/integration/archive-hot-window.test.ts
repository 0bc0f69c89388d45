import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ITEM_KEYS } from '../../lambdas/adapters/dynamodb/table-schema';
import { createLocalClients } from '../../local/clients';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { anEvent } from '../fixtures/events';
import { runTsx } from '../fixtures/run-tsx';
import { waitFor } from '../fixtures/wait-for';

/**
 * `npm run verify` on the local stack with a hot window of a minute: an event removed from
 * the table inside its hot window is named as deleted; once the window has passed, events
 * gone from the table (by the TTL reaper, or removed as TTL does) are read from the archive
 * and verification passes. Blocks are 2 s with 1 s grace; waits are on conditions.
 */

const HOT_WINDOW_SECONDS = 60;
const STARTUP_TIMEOUT_MS = 90_000;
const SEAL_WAIT_MS = 90_000;
const TEST_TIMEOUT_MS = 240_000;
let runtime: LocalRuntime;
let localDir: string;
let early: string;
let late: string;
let ingestedAt: number;

async function post(): Promise<string> {
  const response = await fetch(`${runtime.apiUrl}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${runtime.credentials.writer}`, 'content-type': 'application/json' },
    body: JSON.stringify(anEvent()),
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

function removeFromTable(eventId: string) {
  const { documentClient } = createLocalClients(runtime.dynamodbEndpoint);
  return documentClient.send(
    new DeleteCommand({ TableName: runtime.tableName, Key: { pk: ITEM_KEYS.eventPk(eventId), sk: ITEM_KEYS.eventSk } }),
  );
}

async function inTable(eventId: string): Promise<boolean> {
  const { documentClient } = createLocalClients(runtime.dynamodbEndpoint);
  const found = await documentClient.send(
    new GetCommand({ TableName: runtime.tableName, Key: { pk: ITEM_KEYS.eventPk(eventId), sk: ITEM_KEYS.eventSk } }),
  );
  return found.Item !== undefined;
}

const verifyCli = () => runTsx('bin/verify.ts', ['--local-dir', localDir]);

beforeAll(async () => {
  Object.assign(process.env, { BLOCK_SECONDS: '2', SEAL_GRACE_SECONDS: '1' });
  localDir = await mkdtemp(join(tmpdir(), 'dmis-hot-window-'));
  runtime = await startLocalRuntime({ localDir, port: 0, tableName: 'dmis-audit-local', hotWindowSeconds: HOT_WINDOW_SECONDS });
  ingestedAt = Date.now();
  [early, late] = [await post(), await post()];
  await waitFor(async () => ((await sealed(early)) && (await sealed(late))) || undefined, SEAL_WAIT_MS);
}, STARTUP_TIMEOUT_MS + SEAL_WAIT_MS);
afterAll(async () => {
  await runtime?.stop();
  delete process.env.BLOCK_SECONDS;
  delete process.env.SEAL_GRACE_SECONDS;
  await rm(localDir, { recursive: true, force: true });
});

describe('npm run verify across the hot window', () => {
  it(
    'names an event removed from the table inside its hot window as deleted',
    async () => {
      // Prepare
      await removeFromTable(early);
      // Act
      const result = await verifyCli();
      // Assess
      expect(Date.now() - ingestedAt).toBeLessThan(HOT_WINDOW_SECONDS * 1000);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(new RegExp(`event_deleted .*${early}`));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'passes once the hot window has passed, with both events read from the archive',
    async () => {
      // Prepare: past the window; the reaper removes the other event, or it is removed as TTL would.
      await waitFor(async () => (Date.now() > ingestedAt + (HOT_WINDOW_SECONDS + 2) * 1000 ? true : undefined), TEST_TIMEOUT_MS / 2);
      if (await inTable(late)) await removeFromTable(late);
      // Act
      const result = await verifyCli();
      // Assess
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(/event_deleted/);
      // One note per run of blocks, naming its first and last event and counting them all.
      const notes = result.stdout.split('\n').filter((line) => line.includes('event_left_hot_window'));
      const counted = notes.reduce((n, line) => n + Number(/ (\d+) events? of blocks? /.exec(line)?.[1] ?? 0), 0);
      expect(notes.length).toBeGreaterThan(0);
      expect(counted).toBeGreaterThanOrEqual(2);
    },
    TEST_TIMEOUT_MS,
  );
});
