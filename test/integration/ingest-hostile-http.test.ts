import { connect } from 'node:net';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { buildAuditServices } from '../../lambdas/composition/audit-services';
import { canonicalJson } from '../../lambdas/core/canonical';
import { contentHashOf } from '../../lambdas/core/content-hash';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import { createIngestHandler } from '../../lambdas/functions/ingest/handler';
import { createQueryHandler } from '../../lambdas/functions/query/handler';
import { createAuthenticator } from '../../local/credentials';
import { refusalOf } from '../../local/http-client-errors';
import { startLocalApi, type ApiHandler, type LocalApi } from '../../local/http-server';
import { hostileRequest, validEvent } from '../fixtures/hostile-input';
import { createTestTable, type TestTable } from '../setup/table';

const TOKENS = { writer: 'w'.repeat(32), reader: 'r'.repeat(32) };
const notServed: ApiHandler = async () => ({ statusCode: 404, body: '{}' });

describe('the writer over real HTTP, against hostile input', () => {
  let api: LocalApi;
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable('audit-hostile');
    const services = buildAuditServices({ documentClient: table.documentClient, tableName: table.tableName });
    api = await startLocalApi({
      port: 0,
      authenticate: createAuthenticator(TOKENS),
      handlers: { ingest: createIngestHandler(services) as ApiHandler, query: createQueryHandler(services), alarms: notServed },
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  const post = async (body: string, contentType = 'application/json') => {
    const headers: Record<string, string> = { authorization: `Bearer ${TOKENS.writer}` };
    if (contentType) headers['content-type'] = contentType;
    const response = await fetch(`${api.url}/v1/events`, { method: 'POST', headers, body });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };
  const get = async (path: string) => {
    const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${TOKENS.reader}` } });
    return { status: response.status, text: await response.text() };
  };
  const storedEventCount = async () => {
    const page = await table.documentClient.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true, Select: 'COUNT' }));
    return page.Count ?? 0;
  };

  it('answers every generated bad request with a 4xx JSON error and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(hostileRequest, async (request) => {
        const res = await post(request.body, request.contentType);
        const body = JSON.parse(res.text) as { error: { code: string; message: string; details: unknown[] } };
        expect({ label: request.label, clientError: res.status >= 400 && res.status < 500, json: res.type.startsWith('application/json') }).toEqual({
          label: request.label, clientError: true, json: true,
        });
        expect(body.error).toEqual({ code: expect.any(String), message: expect.any(String), details: expect.any(Array) });
      }),
      { numRuns: 60 },
    );
    expect(await storedEventCount()).toBe(0);
  }, 180_000);

  it('gives every generated valid event back byte for byte, through GET and export', async () => {
    const userId = `fuzz-${Date.now()}`;
    const sent: Record<string, unknown>[] = [];
    await fc.assert(
      fc.asyncProperty(validEvent(userId), async (event) => {
        const res = await post(JSON.stringify(event));
        expect(res.status).toBe(201);
        const got = JSON.parse((await get(`/v1/events/${event.eventId.toLowerCase()}`)).text) as StoredEvent;
        expect(contentHashOf(got)).toBe(got.contentHash);
        expect(got.eventId).toBe(event.eventId.toLowerCase());
        for (const field of ['eventType', 'reason', 'metadata', 'changes', 'actor', 'target', 'outcome'] as const) {
          expect(canonicalJson(got[field])).toBe(canonicalJson(event[field]));
        }
        sent.push(got);
      }),
      { numRuns: 25 },
    );
    const exported = (await get(`/v1/export?actor=${userId}`)).text.trim().split('\n').map((line) => JSON.parse(line) as StoredEvent);
    expect(new Set(exported.map((e) => canonicalJson(e)))).toEqual(new Set(sent.map((e) => canonicalJson(e))));
  }, 180_000);

  it('treats an upper-case retry of an eventId as the same event', async () => {
    const event = fc.sample(validEvent('retry-user'), 1)[0] as { eventId: string };
    const first = JSON.parse((await post(JSON.stringify({ ...event, eventId: event.eventId.toLowerCase() }))).text);
    const retry = JSON.parse((await post(JSON.stringify({ ...event, eventId: event.eventId.toUpperCase() }))).text);
    expect(retry.accepted[0]).toEqual({ ...first.accepted[0], duplicate: true });
    expect((await get(`/v1/events/${event.eventId.toUpperCase()}`)).status).toBe(200);
  });

  it('stores actor.sessionId as its digest, never as sent', async () => {
    const event = { ...(fc.sample(validEvent('session-user'), 1)[0] as object), actor: { userId: 'session-user', sessionId: 'live-session-0123456789' } };
    const { accepted } = JSON.parse((await post(JSON.stringify(event))).text) as { accepted: { eventId: string }[] };
    const got = await get(`/v1/events/${accepted[0]?.eventId}`);
    expect(JSON.parse(got.text).actor.sessionId).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(got.text).not.toContain('live-session');
  });
});

describe('requests Node\'s HTTP parser refuses', () => {
  let api: LocalApi;

  beforeAll(async () => {
    api = await startLocalApi({ port: 0, authenticate: createAuthenticator(TOKENS), handlers: { ingest: notServed, query: notServed, alarms: notServed } });
  });
  afterAll(async () => {
    await api?.stop();
  });

  /** Sends raw bytes and reads until the server closes: status and body. */
  const raw = (text: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { port } = new URL(api.url);
      const socket = connect(Number(port), '127.0.0.1', () => socket.end(text));
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString('utf8')));
      socket.on('error', reject);
      socket.on('close', () => resolve({ status: Number(received.split(' ')[1]), body: received.slice(received.indexOf('\r\n\r\n') + 4) }));
    });

  it.each([
    ['a malformed Content-Length', 'POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 400],
    ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n', 400],
    ['both Content-Length and chunked', 'POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
    ['headers over 16 KB', `GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000)}\r\n\r\n`, 431],
  ])('answers %s with the JSON error format', async (_label, text, status) => {
    const res = await raw(text);
    expect({ status: res.status, code: typeof JSON.parse(res.body).error.code }).toEqual({ status, code: 'string' });
  });

  it('maps a header timeout to 408 and any other parser error to 400', () => {
    expect([refusalOf('ERR_HTTP_REQUEST_TIMEOUT').status, refusalOf('HPE_INVALID_METHOD').status, refusalOf(undefined).status]).toEqual([408, 400, 400]);
  });

  it('prints nothing when a client aborts mid-body, and keeps serving', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { port } = new URL(api.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKENS.writer}\r\nContent-Length: 1000\r\n\r\n{"eventT`);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.resetAndDestroy();
    await closed;
    // Sequential round trips give the server's event loop time to see the reset first.
    for (let i = 0; i < 5; i++) expect((await fetch(`${api.url}/v1/health`)).status).toBe(200);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});
