import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditEventInput } from '../../lambdas/core/event-schema';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { anEvent } from '../fixtures/events';
import { waitFor } from '../fixtures/wait-for';

/**
 * One period asked twice through the local HTTP front: first while the table holds it, then
 * after its events have left the hot window and the TTL reaper has removed them from the
 * table, when the same routes answer from the archive with DuckDB. Every answer must be the
 * same: the same events, in the same order, with the same fields. The read side's clock is
 * moved past the hot window (30 days) instead of waiting for it; the events are sealed by
 * the real sealer timer (2 s blocks) into the archive folder DuckDB reads.
 */

const DAY_MS = 86_400_000;
const HOT_WINDOW_SECONDS = 30 * 86_400;
const STARTUP_TIMEOUT_MS = 120_000;
const TEST_TIMEOUT_MS = 240_000;
const realNow = Date.now();
let offsetMs = 0;
let runtime: LocalRuntime;
let localDir: string;

const at = (daysAgo: number, hour: number) => new Date(Math.floor((realNow - daysAgo * DAY_MS) / DAY_MS) * DAY_MS + hour * 3_600_000).toISOString();
const FROM = at(7, 0);
const TO = at(0, 0);
const PERIOD = `from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`;

/** Several actors, types, outcomes, targets and addresses over five days. */
function fixtureEvents(): AuditEventInput[] {
  const events: AuditEventInput[] = [];
  for (let d = 1; d <= 5; d++) {
    for (const [i, userId] of ['officer-17', "o'brien", 'jdoe'].entries()) {
      events.push(anEvent({ occurredAt: at(d, 8 + i), actor: { userId, ip: `198.51.100.${i + 1}` }, target: { type: 'donation', id: `DN-${d}` } }));
      events.push(anEvent({
        occurredAt: at(d, 12 + i), eventType: 'auth.login.failure', outcome: 'failure', reason: 'Bad password',
        actor: { userId, ip: `203.0.113.${d}` }, target: { type: 'user', id: userId }, changes: undefined, metadata: undefined,
      }));
    }
    events.push(anEvent({ occurredAt: at(d, 18), eventType: 'authz.access.denied', outcome: 'denied', actor: { userId: 'jdoe' }, changes: undefined }));
    events.push(anEvent({ occurredAt: at(d, 19), eventType: 'authz.role.grant', actor: { userId: 'admin' }, target: { type: 'user', id: 'jdoe' }, changes: undefined }));
  }
  return events;
}

const QUERIES = [
  `/v1/events?${PERIOD}&actor=${encodeURIComponent("o'brien")}`,
  `/v1/events?${PERIOD}&targetType=donation&targetId=DN-3`,
  `/v1/events?${PERIOD}&eventType=auth.login.failure`,
  `/v1/events?${PERIOD}&eventType=authz.`,
  `/v1/events?${PERIOD}&category=authentication`,
  `/v1/events?${PERIOD}&severity=high`,
  `/v1/events?${PERIOD}&outcome=denied`,
  `/v1/events?${PERIOD}&q=BAD%20PASS`,
  `/v1/events?${PERIOD}&lateArrivals=true&limit=500`,
  `/v1/events?${PERIOD}&ip=203.0.113.2`,
  `/v1/export?${PERIOD}&format=csv`,
  `/v1/export?${PERIOD}&format=ndjson&includeProofs=true`,
  `/v1/export?${PERIOD}&actor=jdoe&format=ndjson`,
];

async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${runtime.apiUrl}${path}`, { headers: { authorization: `Bearer ${runtime.credentials.reader}` } });
  return { status: response.status, body: await response.text() };
}

/** What must not change between the tiers: a search's events and late marks, other bodies whole. */
function comparable(path: string, answer: { status: number; body: string }): unknown {
  if (!path.startsWith('/v1/events?') || answer.status !== 200) return answer;
  const page = JSON.parse(answer.body) as { events: unknown[]; lateArrivals: unknown; nextCursor: string | null };
  return { status: answer.status, events: page.events, lateArrivals: page.lateArrivals, more: page.nextCursor !== null };
}

/** Every page of a search of three per page, followed by cursor. */
async function allPages(query: string): Promise<unknown[][]> {
  const pages: unknown[][] = [];
  let cursor: string | null = null;
  do {
    const res = await get(`/v1/events?${query}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    const page = JSON.parse(res.body) as { events: unknown[]; nextCursor: string | null };
    pages.push(page.events);
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
}

async function report(): Promise<unknown> {
  const res = await get(`/v1/reports/compliance?${PERIOD}`);
  expect(res.status).toBe(200);
  const { generatedAt: _generatedAt, integrity: _integrity, ...rest } = JSON.parse(res.body) as Record<string, unknown>;
  return rest;
}

async function answers() {
  const single = [];
  for (const path of QUERIES) single.push(comparable(path, await get(path)));
  return { single, pages: await allPages(`${PERIOD}&outcome=failure`), report: await report() };
}

beforeAll(async () => {
  Object.assign(process.env, { BLOCK_SECONDS: '2', SEAL_GRACE_SECONDS: '1' });
  localDir = await mkdtemp(join(tmpdir(), 'dmis-archive-tiers-'));
  runtime = await startLocalRuntime({
    localDir, port: 0, tableName: 'dmis-audit-local', hotWindowSeconds: HOT_WINDOW_SECONDS, clock: () => new Date(Date.now() + offsetMs),
  });
}, STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await runtime?.stop();
  delete process.env.BLOCK_SECONDS;
  delete process.env.SEAL_GRACE_SECONDS;
  if (localDir) await rm(localDir, { recursive: true, force: true });
});

describe('a period read from the table, then from the archive once it left the hot window', () => {
  it('answers every search, page, export and report the same from both tiers', async () => {
    // Prepare: write, and wait until the sealer has archived every event.
    const events = fixtureEvents();
    const res = await fetch(`${runtime.apiUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${runtime.credentials.writer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBe(201);
    const ids = events.map((e) => e.eventId as string);
    for (const id of ids) {
      await waitFor(async () => ((await get(`/v1/events/${id}/proof`)).status === 200 ? true : undefined), 90_000);
    }
    const fromTable = await answers();
    expect((fromTable.single[0] as { events: unknown[] }).events).toHaveLength(10);
    expect(fromTable.pages.flat()).toHaveLength(15);

    // Act: move past the hot window and let the reaper do what DynamoDB's TTL does.
    offsetMs = 60 * DAY_MS;
    expect(await runtime.reapExpiredEvents()).toBeGreaterThanOrEqual(ids.length);
    // By id too, the archive answers for an event the table no longer holds.
    for (const id of ids.slice(0, 3)) expect(JSON.parse((await get(`/v1/events/${id}`)).body)).toMatchObject({ eventId: id });
    const fromArchive = await answers();

    // Assess
    expect(fromArchive.single).toEqual(fromTable.single);
    expect(fromArchive.pages).toEqual(fromTable.pages);
    expect(fromArchive.report).toEqual(fromTable.report);
  }, TEST_TIMEOUT_MS);
});
