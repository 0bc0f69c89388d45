import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditEventInput, StoredEvent } from '../../lambdas/core/event-schema';
import { blindIndexOf } from '../../lambdas/core/privacy/field-cipher';
import { isSealedValue, parseSealedValue } from '../../lambdas/core/privacy/sealed-value';
import { fileBlindIndexKey } from '../../lambdas/adapters/local/file-blind-index-key';
import { createLocalClients } from '../../local/clients';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';

/**
 * Search by source address on the running local stack (`npm start`'s runtime): ingest
 * seals actor.ip, and `GET /v1/events?ip=` finds exactly the events from that address,
 * however it is spelled, returned sealed; the table, the read records included, never
 * holds an address in clear.
 */

const STARTUP_TIMEOUT_MS = 90_000;
const TEST_TIMEOUT_MS = 120_000;

const run = randomUUID().slice(0, 8);
const FROM = new Date(Date.now() - 3_600_000).toISOString();
const TO = new Date(Date.now() + 3_600_000).toISOString();
const ADDRESS_A = '198.51.100.61';
const ADDRESS_B = '198.51.100.62';
const ADDRESS_V6 = '2001:db8::61';
const ADDRESSES = [ADDRESS_A, ADDRESS_B, ADDRESS_V6];

let runtime: LocalRuntime;
let localDir: string;
/** The ids ingested from each address, and the id of the event without one. */
const sent = new Map<string, string[]>();

beforeAll(async () => {
  localDir = await mkdtemp(join(tmpdir(), 'dmis-privacy-search-'));
  runtime = await startLocalRuntime({ localDir, port: 0, tableName: 'dmis-audit-local' });
  const from = (ip: string | undefined, userId: string, minute: number): AuditEventInput => ({
    eventId: randomUUID(),
    occurredAt: new Date(Date.now() - (30 - minute) * 60_000).toISOString(),
    eventType: 'auth.login.failure',
    actor: { userId, ...(ip ? { ip, userAgent: `Browser/${run}` } : {}) },
    target: { type: 'user', id: userId },
    outcome: 'failure',
  });
  const events = [
    from(ADDRESS_A, `ann-${run}`, 1), from(ADDRESS_B, `ann-${run}`, 2), from(ADDRESS_A, `bob-${run}`, 3),
    from(ADDRESS_V6, `bob-${run}`, 4), from(ADDRESS_A, `cy-${run}`, 5), from(undefined, `cy-${run}`, 6),
  ];
  const res = await call('writer', '/v1/events', { events });
  expect(res.status).toBe(201);
  for (const e of events) {
    const from = e.actor.ip ?? 'none';
    sent.set(from, [...(sent.get(from) ?? []), String(e.eventId)]);
  }
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await runtime?.stop();
});

async function call(role: 'writer' | 'reader', path: string, body?: unknown) {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${runtime.credentials[role]}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as { events: StoredEvent[]; nextCursor: string | null; error?: unknown } };
}

/** Every page of a search, following nextCursor. */
async function searchAll(params: Record<string, string>): Promise<{ events: StoredEvent[]; texts: string[] }> {
  const events: StoredEvent[] = [];
  const texts: string[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ from: FROM, to: TO, limit: '2', ...params, ...(cursor ? { cursor } : {}) });
    const res = await call('reader', `/v1/events?${query}`);
    expect(res.status).toBe(200);
    texts.push(res.text);
    events.push(...res.json().events);
    cursor = res.json().nextCursor;
  } while (cursor);
  return { events, texts };
}

const idsFrom = (ip: string) => [...(sent.get(ip) ?? [])].reverse();

describe('GET /v1/events?ip= on the local stack', () => {
  it('returns exactly the events from that address, newest first, sealed', async () => {
    // Act
    const { events, texts } = await searchAll({ ip: ADDRESS_A, eventType: 'auth.login.failure' });
    // Assess
    expect(events.map((e) => e.eventId)).toEqual(idsFrom(ADDRESS_A));
    expect(events.every((e) => isSealedValue(e.actor.ip) && isSealedValue(e.actor.userAgent))).toBe(true);
    expect(texts.join('\n')).not.toContain(ADDRESS_A);
  }, TEST_TIMEOUT_MS);

  it('finds an IPv6 address whatever its spelling', async () => {
    const { events } = await searchAll({ ip: '2001:DB8:0:0::61' });
    expect(events.map((e) => e.eventId)).toEqual(idsFrom(ADDRESS_V6));
  }, TEST_TIMEOUT_MS);

  it('narrows a search by actor to the address', async () => {
    const { events } = await searchAll({ ip: ADDRESS_A, actor: `bob-${run}` });
    expect(events.map((e) => e.eventId)).toEqual([sent.get(ADDRESS_A)?.[1]]);
  }, TEST_TIMEOUT_MS);

  it('finds nothing for an address no event came from', async () => {
    const { events } = await searchAll({ ip: '198.51.100.99' });
    expect(events).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it('refuses a value that is not an address with 400, naming ip', async () => {
    const res = await call('reader', `/v1/events?ip=${encodeURIComponent('198.51.100.61 OR 1=1')}`);
    expect(res.status).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_request', details: [{ path: 'ip' }] });
  }, TEST_TIMEOUT_MS);

  it('stores each event with the blind index ingest computed, and no address in clear anywhere', async () => {
    // Prepare
    await searchAll({ ip: ADDRESS_B });
    const key = await fileBlindIndexKey(localDir)();
    const { documentClient } = createLocalClients(runtime.dynamodbEndpoint);
    // Act
    const items = (await documentClient.send(new ScanCommand({ TableName: runtime.tableName }))).Items ?? [];
    // Assess
    const itemOf = (eventId: string) => items.find((i) => i.eventId === eventId);
    for (const ip of ADDRESSES) {
      for (const eventId of sent.get(ip) ?? []) {
        const item = itemOf(eventId);
        expect(item?.ipKey).toBe(blindIndexOf('ip', ip, key));
        expect(parseSealedValue((item?.actor as { ip?: string }).ip)?.blind).toBe(item?.ipKey);
      }
    }
    const reads = items.filter((i) => i.eventType === 'audit.read' && JSON.stringify(i).includes('ipBlind'));
    expect(reads.length).toBeGreaterThan(0);
    const everything = JSON.stringify(items);
    for (const ip of [...ADDRESSES, '2001:DB8:0:0::61']) expect(everything).not.toContain(ip);
  }, TEST_TIMEOUT_MS);
});
