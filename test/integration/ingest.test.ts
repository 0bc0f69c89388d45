import type { APIGatewayProxyEvent } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildAuditServices } from '../../lambdas/composition/audit-services';
import { ITEM_KEYS, STORAGE_ONLY_ATTRIBUTES } from '../../lambdas/adapters/dynamodb/table-schema';
import { contentHashOf } from '../../lambdas/core/content-hash';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import { createIngestHandler, type DirectIngestResult } from '../../lambdas/functions/ingest/handler';
import { createQueryHandler } from '../../lambdas/functions/query/handler';
import { anEvent } from '../fixtures/events';
import { createTestTable, type TestTable } from '../setup/table';

const WRITER = 'arn:aws:sts::123456789012:assumed-role/AuditWriter/dmis-api';

function apiEvent(method: string, path: string, body?: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): APIGatewayProxyEvent {
  return {
    httpMethod: method, path, resource: path, body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    headers, multiValueHeaders: {}, isBase64Encoded: false, queryStringParameters: null, multiValueQueryStringParameters: null,
    pathParameters: path.startsWith('/v1/events/') ? { eventId: path.split('/')[3] as string } : null, stageVariables: null,
    requestContext: { identity: { userArn: WRITER } } as APIGatewayProxyEvent['requestContext'],
  };
}

describe('ingest and read back through the handlers, on DynamoDB Local', () => {
  let table: TestTable;
  let ingest: ReturnType<typeof createIngestHandler>;
  let query: ReturnType<typeof createQueryHandler>;

  beforeAll(async () => {
    table = await createTestTable();
    const services = buildAuditServices({ documentClient: table.documentClient, tableName: table.tableName });
    ingest = createIngestHandler(services);
    query = createQueryHandler(services);
  });

  const post = async (body: unknown, headers?: Record<string, string>) => {
    const res = await ingest(apiEvent('POST', '/v1/events', body, headers));
    if (!('statusCode' in res)) throw new Error('expected an HTTP response');
    return { status: res.statusCode, body: JSON.parse(res.body) };
  };
  const get = async (eventId: string) => {
    const res = await query(apiEvent('GET', `/v1/events/${eventId}`));
    return { status: res.statusCode, body: JSON.parse(res.body) };
  };
  const rawItem = async (eventId: string) =>
    (await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: { pk: ITEM_KEYS.eventPk(eventId), sk: ITEM_KEYS.eventSk } }))).Item;

  it('stores one event and answers 201 with its hash', async () => {
    const input = anEvent();
    const res = await post(input);
    expect(res.status).toBe(201);
    expect(res.body.accepted).toEqual([expect.objectContaining({ eventId: input.eventId, duplicate: false })]);
  });

  it('returns exactly the stored event, whose hash anyone can recompute', async () => {
    const input = anEvent({ metadata: { password: 'hunter2', n: 1.5, nested: { list: [null, true] } } });
    const { body } = await post(input);
    const read = await get(input.eventId as string);
    expect(read.status).toBe(200);
    expect(read.body.contentHash).toBe(body.accepted[0].contentHash);
    expect(contentHashOf(read.body as StoredEvent)).toBe(read.body.contentHash);
    expect(Object.keys(read.body).filter((k) => STORAGE_ONLY_ATTRIBUTES.includes(k))).toEqual([]);
  });

  it('never stores a secret', async () => {
    const input = anEvent({ metadata: { password: 'hunter2' }, reason: 'used token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghij' });
    await post(input);
    expect(JSON.stringify(await rawItem(input.eventId as string))).not.toMatch(/hunter2|eyJhbGci/);
  });

  it('stores a batch of 100 and reads each back', async () => {
    const events = Array.from({ length: 100 }, () => anEvent());
    const res = await post({ events });
    expect(res.status).toBe(201);
    expect(res.body.accepted).toHaveLength(100);
    const reads = await Promise.all(events.map((e) => get(e.eventId as string)));
    expect(reads.every((r) => r.status === 200)).toBe(true);
  });

  it('stores nothing from a batch with one invalid event, and names it', async () => {
    const good = anEvent();
    const res = await post({ events: [good, anEvent({ actor: { userId: 'u', ip: 'not-an-ip' } })] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'events[1].actor.ip' })]);
    expect(await rawItem(good.eventId as string)).toBeUndefined();
  });

  it('answers a retry with the same content as a duplicate, keeping the first ingestedAt', async () => {
    const input = anEvent();
    const first = await post(input);
    const again = await post(input);
    expect(again.status).toBe(201);
    expect(again.body.accepted[0]).toEqual({ ...first.body.accepted[0], duplicate: true });
  });

  it('rejects a reused eventId with different content as 409, leaving the original', async () => {
    const input = anEvent();
    const first = await post(input);
    const res = await post({ ...input, outcome: 'failure' });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'eventId' })]);
    expect((await get(input.eventId as string)).body.contentHash).toBe(first.body.accepted[0].contentHash);
  });

  it('stores nothing from a batch that reuses an eventId with other content', async () => {
    const stored = anEvent();
    await post(stored);
    const fresh = anEvent();
    const res = await post({ events: [fresh, { ...stored, reason: 'changed' }] });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'events[1].eventId' })]);
    expect(await rawItem(fresh.eventId as string)).toBeUndefined();
  });

  it('writes the new events of a batch that also retries stored ones', async () => {
    const stored = anEvent();
    await post(stored);
    const fresh = anEvent();
    const res = await post({ events: [stored, fresh] });
    expect(res.status).toBe(201);
    expect(res.body.accepted.map((a: { duplicate: boolean }) => a.duplicate)).toEqual([true, false]);
    expect(await rawItem(fresh.eventId as string)).toBeDefined();
  });

  it('generates an eventId when the caller gives none', async () => {
    const { eventId: _omit, ...input } = anEvent();
    const res = await post(input);
    expect(res.body.accepted[0].eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 400, storing nothing, for values JSON carries but the store cannot', async () => {
    const input = anEvent();
    const text = JSON.stringify(input).replace('"metadata":{', '"metadata":{"huge":1e400,"bad":"\\ud800","deep":{"":1},');
    const res = await post(text);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['metadata.huge', 'metadata.bad', 'metadata.deep.""']);
    expect(await rawItem(input.eventId as string)).toBeUndefined();
  });

  it('answers 415 for a body that is not JSON', async () => {
    expect((await post('a=b', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  });

  it('answers 400 for malformed JSON', async () => {
    expect((await post('{"eventType": ', { 'content-type': 'application/json' })).status).toBe(400);
  });

  it('answers 413 for a body over 1 MB', async () => {
    expect((await post(JSON.stringify({ events: [anEvent({ reason: 'x'.repeat(1_100_000) })] }))).status).toBe(413);
  });

  it('answers 404 for an unknown event and 400 for a malformed id', async () => {
    expect([(await get('6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b')).status, (await get('nope')).status]).toEqual([404, 400]);
  });

  it('serves a direct lambda:Invoke with the same use case', async () => {
    const input = anEvent();
    const res = (await ingest({ events: [input] })) as DirectIngestResult;
    expect(res).toMatchObject({ status: 201, accepted: [{ eventId: input.eventId, duplicate: false }] });
    expect((await get(input.eventId as string)).body.source).toBe('lambda-invoke');
  });

  it('answers a bad direct invoke with a status and a JSON error', async () => {
    const res = (await ingest({ eventType: 'auth.login.failure' })) as DirectIngestResult;
    expect(res).toMatchObject({ status: 400, error: { code: 'invalid_request' } });
  });
});
