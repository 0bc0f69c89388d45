import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readLocalTrustedKeys } from '../../lambdas/adapters/local/local-trusted-keys';
import { buildIngestServices } from '../../lambdas/composition/ingest-services';
import { NotFoundError } from '../../lambdas/core/errors';
import type { AuditEventInput, StoredEvent } from '../../lambdas/core/event-schema';
import { verifyInclusionProof, type InclusionProof } from '../../lambdas/core/integrity/proof';
import { isSealedValue } from '../../lambdas/core/privacy/sealed-value';
import { createLocalClients } from '../../local/clients';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { anEvent } from '../fixtures/events';
import { waitFor } from '../fixtures/wait-for';

/**
 * One event read by id through the local HTTP front while the table holds it, then again
 * after it has left the hot window and the TTL reaper has removed its item: the event,
 * its proof and its personal data are then read from the archive (DuckDB over the sealed
 * event objects) and must be what the table gave, byte for byte. The read side's clock is
 * moved past the hot window (30 days) instead of waiting; the real sealer timer (2 s
 * blocks) archives the events first.
 */

const DAY_MS = 86_400_000;
const HOT_WINDOW_SECONDS = 30 * 86_400;
const STARTUP_TIMEOUT_MS = 120_000;
const SETUP_TIMEOUT_MS = 240_000;
const SEAL_WAIT_MS = 90_000;
const TEST_TIMEOUT_MS = 120_000;

type Role = 'writer' | 'reader' | 'privacy';
interface Answer { readonly status: number; readonly body: string }
interface TableAnswers { readonly event: Answer; readonly proof: Answer; readonly personalData: Answer }

const run = randomUUID().slice(0, 8);
const subject = `archived-subject-${run}`;
let offsetMs = 0;
let runtime: LocalRuntime;
let localDir: string;
/** The archived events, the last one with personal fields sealed under its subject's key. */
let events: AuditEventInput[];
/** What the table answered for each event, by eventId, before its item was removed. */
const fromTable = new Map<string, TableAnswers>();

async function get(role: Role, path: string): Promise<Answer> {
  const response = await fetch(`${runtime.apiUrl}${path}`, { headers: { authorization: `Bearer ${runtime.credentials[role]}` } });
  return { status: response.status, body: await response.text() };
}

const idOf = (i: number) => events[i]?.eventId as string;
const eventAt = (id: string) => get('reader', `/v1/events/${id}`);
const proofAt = (id: string) => get('reader', `/v1/events/${id}/proof`);
const personalDataAt = (id: string) => get('privacy', `/v1/events/${id}/personal-data`);

/** A day ago, a login with the subject's address, e-mail and browser: every personal field sealed at ingest. */
function fixtureEvents(): AuditEventInput[] {
  const occurredAt = new Date(Date.now() - DAY_MS).toISOString();
  return [
    anEvent({ occurredAt, reason: 'quantity corrected after recount 🚒 "WH-KGN-01"' }),
    anEvent({ occurredAt, eventType: 'authz.role.grant', actor: { userId: 'admin' }, target: { type: 'user', id: 'jdoe' }, changes: undefined }),
    anEvent({ occurredAt, eventType: 'authz.access.denied', outcome: 'denied', actor: { userId: 'jdoe' }, changes: undefined }),
    {
      eventId: randomUUID(), occurredAt, eventType: 'auth.login.success',
      actor: { userId: subject, ip: '198.51.100.60', userAgent: `Browser/${subject}` },
      target: { type: 'user', id: subject }, outcome: 'success', metadata: { email: `${subject}@example.org` },
    },
  ];
}

beforeAll(async () => {
  Object.assign(process.env, { BLOCK_SECONDS: '2', SEAL_GRACE_SECONDS: '1' });
  localDir = await mkdtemp(join(tmpdir(), 'dmis-archived-reads-'));
  runtime = await startLocalRuntime({
    localDir, port: 0, tableName: 'dmis-audit-local', hotWindowSeconds: HOT_WINDOW_SECONDS, clock: () => new Date(Date.now() + offsetMs),
  });
}, STARTUP_TIMEOUT_MS);

beforeAll(async () => {
  // Write, wait until every event is sealed (its proof answers), and keep the table's answers.
  events = fixtureEvents();
  const res = await fetch(`${runtime.apiUrl}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${runtime.credentials.writer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  expect(res.status).toBe(201);
  for (const { eventId } of events) {
    const id = eventId as string;
    const proof = await waitFor(async () => {
      const answer = await proofAt(id);
      return answer.status === 200 ? answer : undefined;
    }, SEAL_WAIT_MS);
    fromTable.set(id, { event: await eventAt(id), proof, personalData: await personalDataAt(id) });
  }
  // Move past the hot window and let the reaper do what DynamoDB's TTL does.
  offsetMs = 60 * DAY_MS;
  expect(await runtime.reapExpiredEvents()).toBeGreaterThanOrEqual(events.length);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await runtime?.stop();
  delete process.env.BLOCK_SECONDS;
  delete process.env.SEAL_GRACE_SECONDS;
  if (localDir) await rm(localDir, { recursive: true, force: true });
});

describe('an event read by id after its item left the table', () => {
  it('was read from the table first; the table no longer holds it, so the writer\'s table-only read misses it', async () => {
    const table = fromTable.get(idOf(0));
    expect(table?.event.status).toBe(200);
    expect((JSON.parse(table?.event.body ?? '{}') as StoredEvent).eventId).toBe(idOf(0));
    const { client, documentClient } = createLocalClients(runtime.dynamodbEndpoint);
    try {
      const { getEvent } = buildIngestServices({ documentClient, tableName: runtime.tableName });
      await expect(getEvent.execute(idOf(0))).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      client.destroy();
    }
  }, TEST_TIMEOUT_MS);

  it.each([0, 1, 2, 3])('event %i: GET /v1/events/{id} answers the body the table gave, byte for byte', async (i) => {
    const answer = await eventAt(idOf(i));

    expect(answer.status).toBe(200);
    expect(answer.body).toBe(fromTable.get(idOf(i))?.event.body);
  }, TEST_TIMEOUT_MS);

  it('finds the archived event by its id in upper case too', async () => {
    const answer = await eventAt(idOf(1).toUpperCase());

    expect(answer).toEqual(fromTable.get(idOf(1))?.event);
  }, TEST_TIMEOUT_MS);

  it.each([0, 3])('event %i: the proof is the one the table era gave, and it verifies offline against the trusted key', async (i) => {
    const answer = await proofAt(idOf(i));

    expect(answer.status).toBe(200);
    expect(answer.body).toBe(fromTable.get(idOf(i))?.proof.body);
    const proof = JSON.parse(answer.body) as InclusionProof;
    const event = JSON.parse((await eventAt(idOf(i))).body) as StoredEvent;
    const trusted = (await readLocalTrustedKeys(localDir))?.find((k) => k.keyId === proof.block.keyId);
    expect(trusted).toBeDefined();
    expect(verifyInclusionProof(proof, { event, trustedPublicKeyPem: trusted?.publicKeyPem })).toEqual({ ok: true, problems: [] });
  }, TEST_TIMEOUT_MS);

  it('GET /personal-data decrypts the archived event\'s sealed fields for the privacy officer', async () => {
    const id = idOf(3);

    const answer = await personalDataAt(id);

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      eventId: id,
      fields: { 'actor.ip': '198.51.100.60', 'actor.userAgent': `Browser/${subject}`, 'metadata.email': `${subject}@example.org` },
    });
    expect(answer.body).toBe(fromTable.get(id)?.personalData.body);
    const stored = JSON.parse((await eventAt(id)).body) as StoredEvent;
    expect([stored.actor.ip, stored.actor.userAgent, stored.metadata?.email].every(isSealedValue)).toBe(true);
  }, TEST_TIMEOUT_MS);

  it('an id neither the table nor the archive holds is 404 on every route', async () => {
    const unknown = randomUUID();

    const statuses = [(await eventAt(unknown)).status, (await proofAt(unknown)).status, (await personalDataAt(unknown)).status];

    expect(statuses).toEqual([404, 404, 404]);
  }, TEST_TIMEOUT_MS);

  it('a malformed id is 400 and never reaches the archive', async () => {
    const answer = await eventAt('not-a-uuid');

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'invalid_request' } });
  }, TEST_TIMEOUT_MS);
});

describe('an archived read is recorded like any other', () => {
  it('records GET /v1/events/{id}, /proof and /personal-data of an archived event, found by search', async () => {
    // Prepare
    const id = idOf(2);
    const since = new Date(Date.now() + offsetMs).toISOString();
    // Act
    expect((await eventAt(id)).status).toBe(200);
    expect((await proofAt(id)).status).toBe(200);
    expect((await personalDataAt(id)).status).toBe(200);
    // Assess
    const reads = await search({ eventType: 'audit.read', actor: 'local:reader', from: since });
    const routesOf = (records: StoredEvent[]) => records
      .filter((e) => (e.metadata?.query as { eventId?: string } | undefined)?.eventId === id)
      .map((e) => e.metadata?.route)
      .sort();
    expect(routesOf(reads)).toEqual(['GET /v1/events/{eventId}', 'GET /v1/events/{eventId}/proof']);
    const clearReads = await search({ eventType: 'privacy.personal_data.read', targetType: 'audit_event', targetId: id, from: since });
    expect(clearReads.map((e) => e.metadata)).toEqual([expect.objectContaining({ eventId: id, route: 'GET /v1/events/{eventId}/personal-data' })]);
  }, TEST_TIMEOUT_MS);
});

async function search(filters: Record<string, string>): Promise<StoredEvent[]> {
  const answer = await get('reader', `/v1/events?${new URLSearchParams({ ...filters, limit: '100' }).toString()}`);
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.body) as { events: StoredEvent[] }).events;
}
