import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ITEM_KEYS } from '../../lambdas/adapters/dynamodb/table-schema';
import { localTrustedKeysPath } from '../../lambdas/adapters/local/local-trusted-keys';
import { CHAIN_START } from '../../lambdas/core/integrity/trusted-keys';
import { createLocalClients } from '../../local/clients';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { anEvent } from '../fixtures/events';
import { newTestSigner } from '../fixtures/integrity/fakes';
import { runTsx } from '../fixtures/run-tsx';
import { waitFor } from '../fixtures/wait-for';

/**
 * `npm run verify` on the running local stack with trusted keys and item identity: it
 * passes against a pinned copy of the published keys, names every block against keys that
 * do not include the signer, and names an event whose actor index key was edited. Blocks
 * are 2 s with 1 s grace; every wait is on a condition, limits only bound a hung run.
 */

const STARTUP_TIMEOUT_MS = 90_000;
const SEAL_WAIT_MS = 90_000;
const CLI_TEST_TIMEOUT_MS = 240_000;
/** The minute of the fixture events' occurredAt, as `dmis-audit` period options. */
const FIXTURE_MINUTE = ['--from', '2026-11-20T10:15:00Z', '--to', '2026-11-20T10:16:00Z'];
let runtime: LocalRuntime;
let localDir: string;
let eventId: string;
/** A copy of the published keys, as an auditor keeps it; and keys of a stranger. */
let pinned: string;
let other: string;

async function call(path: string, token: string, body?: unknown) {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  Object.assign(process.env, { BLOCK_SECONDS: '2', SEAL_GRACE_SECONDS: '1' });
  localDir = await mkdtemp(join(tmpdir(), 'dmis-verify-cli-'));
  runtime = await startLocalRuntime({ localDir, port: 0, tableName: 'dmis-audit-local' });
  const res = await call('/v1/events', runtime.credentials.writer, anEvent());
  eventId = (JSON.parse(res.text) as { accepted: { eventId: string }[] }).accepted[0]!.eventId;
  // Sealed once its proof is served.
  await waitFor(async () => {
    const proof = await call(`/v1/events/${eventId}/proof`, runtime.credentials.reader);
    return proof.status === 200 ? true : undefined;
  }, SEAL_WAIT_MS);
  pinned = join(localDir, 'pinned-keys.json');
  await copyFile(localTrustedKeysPath(localDir), pinned);
  const stranger = newTestSigner();
  other = join(localDir, 'other-keys.json');
  const otherKeys = [{ keyId: stranger.keyId, publicKeyPem: await stranger.publicKeyPem(), validFrom: CHAIN_START }];
  await writeFile(other, JSON.stringify(otherKeys));
}, STARTUP_TIMEOUT_MS + SEAL_WAIT_MS);
afterAll(async () => {
  await runtime?.stop();
  delete process.env.BLOCK_SECONDS;
  delete process.env.SEAL_GRACE_SECONDS;
});

const verifyCli = (...args: string[]) => runTsx('bin/verify.ts', ['--local-dir', localDir, ...args]);

describe('npm run verify with trusted keys', () => {
  it(
    'passes against a pinned copy of the published keys and names every block against other keys',
    async () => {
      // Act
      const trusting = await verifyCli('--to', new Date(Date.now() - 5000).toISOString(), '--trusted-keys', pinned);
      const untrusting = await verifyCli('--to', new Date(Date.now() - 5000).toISOString(), '--trusted-keys', other);
      // Assess
      expect(trusting.code).toBe(0);
      expect(untrusting.code).toBe(1);
      expect(untrusting.stdout).toMatch(/unknown_key +block 0 /);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});

describe("dmis-audit verify with the auditor's keys", () => {
  it(
    'checks the exported proofs against the pinned keys, and names an untrusted key',
    async () => {
      // Prepare: the fixture events occur in one minute; its export holds this file's event.
      const cli = (keys: string) =>
        runTsx('bin/cli.ts', ['verify', '--local-dir', localDir, '--trusted-keys', keys, ...FIXTURE_MINUTE]);
      // Act
      const trusting = await cli(pinned);
      const untrusting = await cli(other);
      // Assess
      expect(trusting.stdout).toMatch(/^OK: 1 events, 1 blocks, 0 findings$/m);
      expect(untrusting.code).toBe(2);
      expect(untrusting.stdout).toMatch(/^unknown_key block \d+ /m);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});

describe('npm run verify and item identity', () => {
  it(
    'names the event whose actor index key was edited',
    async () => {
      // Prepare
      const { documentClient } = createLocalClients(runtime.dynamodbEndpoint);
      await documentClient.send(
        new UpdateCommand({
          TableName: runtime.tableName,
          Key: { pk: ITEM_KEYS.eventPk(eventId), sk: ITEM_KEYS.eventSk },
          UpdateExpression: 'SET actorKey = :other',
          ExpressionAttributeValues: { ':other': 'nobody' },
        }),
      );
      // Act
      const result = await verifyCli();
      // Assess
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(new RegExp(`index_key_mismatch .*event ${eventId}`));
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
