import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildAuditServices } from '../../lambdas/composition/audit-services';
import { NotFoundError } from '../../lambdas/core/errors';
import { errorResponse } from '../../lambdas/functions/shared/http-response';
import { createIngestHandler } from '../../lambdas/functions/ingest/handler';
import { createQueryHandler } from '../../lambdas/functions/query/handler';
import { createAuthenticator } from '../../local/credentials';
import { startLocalApi, type ApiHandler, type LocalApi } from '../../local/http-server';
import { anEvent } from '../fixtures/events';
import { createTestTable } from '../setup/table';

const TOKENS = { writer: 'w'.repeat(32), reader: 'r'.repeat(32) };
/** This test serves the reader routes only. */
const notServed: ApiHandler = async () => errorResponse(new NotFoundError('not served in this test'));

describe('reader routes through the local HTTP front', () => {
  let api: LocalApi;

  beforeAll(async () => {
    const table = await createTestTable('audit-query-http');
    const services = buildAuditServices({ documentClient: table.documentClient, tableName: table.tableName });
    api = await startLocalApi({
      port: 0,
      authenticate: createAuthenticator(TOKENS),
      handlers: { ingest: createIngestHandler(services) as ApiHandler, query: createQueryHandler(services), alarms: notServed },
    });
    await services.ingestEvents.execute({ events: [anEvent({ occurredAt: new Date().toISOString(), reason: '+1 shipment' })] }, { principal: 'local:writer' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  const get = async (path: string, token?: string) => {
    const response = await fetch(`${api.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };

  it.each(['/v1/events', '/v1/stats', '/v1/export', '/v1/reports/compliance'])('refuses the writer credential on %s with 403', async (path) => {
    const res = await get(path, TOKENS.writer);
    expect({ status: res.status, code: JSON.parse(res.text).error.code }).toEqual({ status: 403, code: 'forbidden' });
  });

  it('serves a search to the reader', async () => {
    const res = await get('/v1/events?limit=5', TOKENS.reader);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).events.length).toBeGreaterThan(0);
  });

  it('answers a bad filter with 400', async () => {
    const res = await get('/v1/events?severity=extreme', TOKENS.reader);
    expect({ status: res.status, path: JSON.parse(res.text).error.details[0].path }).toEqual({ status: 400, path: 'severity' });
  });

  it('records the reader\'s search under its principal', async () => {
    await get('/v1/events?outcome=error', TOKENS.reader);
    const res = await get('/v1/events?actor=local:reader&eventType=audit.read&limit=500', TOKENS.reader);
    const queries = JSON.parse(res.text).events.map((e: { metadata: { query: unknown } }) => e.metadata.query);
    expect(queries).toContainEqual(expect.objectContaining({ outcome: 'error' }));
  });

  it('returns a CSV export as text/csv', async () => {
    const res = await get('/v1/export?format=csv', TOKENS.reader);
    expect({ status: res.status, type: res.type }).toEqual({ status: 200, type: 'text/csv; charset=utf-8' });
    expect(res.text).toContain(`'+1 shipment`);
  });

  it('returns the compliance report as Markdown on request', async () => {
    const res = await get('/v1/reports/compliance?format=markdown', TOKENS.reader);
    expect({ status: res.status, type: res.type }).toEqual({ status: 200, type: 'text/markdown; charset=utf-8' });
  });

  it('serves the OpenAPI document without a credential', async () => {
    const res = await get('/v1/openapi.json');
    const doc = JSON.parse(res.text);
    expect({ status: res.status, openapi: doc.openapi }).toEqual({ status: 200, openapi: '3.1.0' });
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/events', '/v1/export', '/v1/stats', '/v1/reports/compliance']));
  });
});
