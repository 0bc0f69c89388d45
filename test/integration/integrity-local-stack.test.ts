import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ITEM_KEYS } from '../../lambdas/adapters/dynamodb/table-schema';
import { openLocalSigner } from '../../lambdas/adapters/local/local-signer';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import { verifyInclusionProof, type InclusionProof } from '../../lambdas/core/integrity/proof';
import { createLocalClients } from '../../local/clients';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { anEvent } from '../fixtures/events';
import { runTsx } from '../fixtures/run-tsx';
import { waitFor } from '../fixtures/wait-for';

/**
 * The integrity side of the running local stack: the sealer timer seals what the API
 * ingests, the proof route returns a proof that verifies with its own publicKeyPem (the
 * local key's), and `npm run verify` finds the stack intact, then names a deleted event.
 * Blocks are 2 s with 1 s grace (BLOCK_SECONDS, SEAL_GRACE_SECONDS) so the test is quick.
 * Every wait is on a condition (the proof route answering 200, a CLI run ending); the
 * limits below only bound a hung run, sized for a two-core machine with other busy processes.
 */

const STARTUP_TIMEOUT_MS = 90_000;
/** Bound on one sealing wait: the sealer ticks every second, but a loaded machine stalls it. */
const SEAL_WAIT_MS = 90_000;
/** Tests that wait for a seal, and may run the verify CLI (a tsx child loading the project) twice. */
const CLI_TEST_TIMEOUT_MS = 240_000;
/** The minute of the fixture events' occurredAt: exports of it hold only events this file wrote, all sealed. */
const FIXTURE_MINUTE = 'from=2026-11-20T10:15:00Z&to=2026-11-20T10:16:00Z';
let runtime: LocalRuntime;
let localDir: string;

beforeAll(async () => {
  Object.assign(process.env, { BLOCK_SECONDS: '2', SEAL_GRACE_SECONDS: '1' });
  localDir = await mkdtemp(join(tmpdir(), 'dmis-integrity-stack-'));
  runtime = await startLocalRuntime({ localDir, port: 0, tableName: 'dmis-audit-local' });
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await runtime?.stop();
  delete process.env.BLOCK_SECONDS;
  delete process.env.SEAL_GRACE_SECONDS;
});

async function call(path: string, init: { token: string; body?: unknown }) {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${init.token}`, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, text: await response.text() };
}

/** Writes one event through the API and returns its eventId. */
async function ingestOne(): Promise<string> {
  const res = await call('/v1/events', { token: runtime.credentials.writer, body: anEvent() });
  expect(res.status).toBe(201);
  return (JSON.parse(res.text) as { accepted: { eventId: string }[] }).accepted[0]!.eventId;
}

/** Polls the proof route until the sealer has sealed the event (404 until then). */
function proofOf(eventId: string): Promise<InclusionProof> {
  return waitFor(async () => {
    const res = await call(`/v1/events/${eventId}/proof`, { token: runtime.credentials.reader });
    expect([200, 404]).toContain(res.status);
    return res.status === 200 ? (JSON.parse(res.text) as InclusionProof) : undefined;
  }, SEAL_WAIT_MS);
}

const verifyCli = (...args: string[]) => runTsx('bin/verify.ts', ['--local-dir', localDir, ...args]);

describe('proofs over the local HTTP front', () => {
  it('returns a proof that verifies with the returned publicKeyPem, which is the local key', async () => {
    // Prepare
    const eventId = await ingestOne();
    const event = JSON.parse(
      (await call(`/v1/events/${eventId}`, { token: runtime.credentials.reader })).text,
    ) as StoredEvent;
    // Act
    const proof = await proofOf(eventId);
    // Assess
    expect(verifyInclusionProof(proof, { event })).toEqual({ ok: true, problems: [] });
    expect(proof.publicKeyPem).toBe(await (await openLocalSigner(localDir)).publicKeyPem());
  }, CLI_TEST_TIMEOUT_MS);

  it('answers 404 for an event that does not exist', async () => {
    // Act
    const res = await call('/v1/events/0b0f2d4e-0000-4000-8000-000000000000/proof', {
      token: runtime.credentials.reader,
    });
    // Assess
    expect(res.status).toBe(404);
  });

  it('forbids the writer to read proofs', async () => {
    // Act
    const res = await call('/v1/events/0b0f2d4e-0000-4000-8000-000000000000/proof', {
      token: runtime.credentials.writer,
    });
    // Assess
    expect(res.status).toBe(403);
  });
});

describe('npm run verify against the local stack', () => {
  it('verifies an exported bundle offline', async () => {
    // Prepare
    const eventId = await ingestOne();
    await proofOf(eventId);
    const exported = await call(`/v1/export?format=ndjson&includeProofs=true&${FIXTURE_MINUTE}`, {
      token: runtime.credentials.reader,
    });
    const file = join(localDir, 'bundle.ndjson');
    await writeFile(file, exported.text);
    // Act
    const result = await verifyCli('--bundle', file);
    // Assess
    expect(exported.text.trim().split('\n').length).toBeGreaterThanOrEqual(2);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: /m) });
  }, CLI_TEST_TIMEOUT_MS);

  it('names an event altered inside an exported bundle', async () => {
    // Prepare
    const eventId = await ingestOne();
    await proofOf(eventId);
    const exported = await call(`/v1/export?format=ndjson&includeProofs=true&${FIXTURE_MINUTE}`, {
      token: runtime.credentials.reader,
    });
    const lines = exported.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: StoredEvent });
    const altered = lines.map((l) =>
      l.event.eventId === eventId ? { ...l, event: { ...l.event, outcome: 'failure' } } : l,
    );
    const file = join(localDir, 'altered.ndjson');
    await writeFile(file, altered.map((l) => JSON.stringify(l)).join('\n'));
    // Act
    const result = await verifyCli('--bundle', file);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`event_hash_mismatch .*event ${eventId}`));
  }, CLI_TEST_TIMEOUT_MS);

  it('finds the stack intact, then names an event deleted from the table', async () => {
    // Prepare
    const eventId = await ingestOne();
    await proofOf(eventId);
    const intact = await verifyCli();
    const { documentClient } = createLocalClients(runtime.dynamodbEndpoint);
    await documentClient.send(
      new DeleteCommand({
        TableName: runtime.tableName,
        Key: { pk: ITEM_KEYS.eventPk(eventId), sk: ITEM_KEYS.eventSk },
      }),
    );
    // Act
    const tampered = await verifyCli();
    // Assess
    expect(intact.code).toBe(0);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(new RegExp(`event_deleted .*event ${eventId}`));
  }, CLI_TEST_TIMEOUT_MS);
});
