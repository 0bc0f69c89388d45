import { describe, expect, it } from '@jest/globals';
import { buildOpenApiDocument } from '../../../lambdas/core/api/openapi';
import { pathParameterNames } from '../../../lambdas/core/api/route-match';
import { ROUTES, routeKey, type RouteRequest } from '../../../lambdas/core/api/routes';
import { anEvent } from '../../fixtures/events';

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, { parameters: { name: string }[]; 'x-dmis-role': string }>> };

  it('is OpenAPI 3.1', () => {
    expect(doc.openapi).toBe('3.1.0');
  });

  it('describes every route with its role', () => {
    const described = ROUTES.map((r) => doc.paths[r.path]?.[r.method.toLowerCase()]?.['x-dmis-role']);
    expect(described).toEqual(ROUTES.map((r) => r.role));
  });

  it('lists the search filters as query parameters, from the zod schema', () => {
    const names = doc.paths['/v1/events']?.get?.parameters.map((p) => p.name);
    expect(names).toEqual(['actor', 'targetType', 'targetId', 'eventType', 'category', 'severity', 'outcome', 'from', 'to', 'q', 'lateArrivals', 'ip', 'limit', 'cursor']);
  });
});

describe('API Gateway request model', () => {
  // The model API Gateway checks before the ingest function runs: any non-empty JSON object,
  // so the use case, not the edge, names every bad field.
  it('is draft-04 and accepts either one event or a batch', async () => {
    const { JSON_OBJECT_SCHEMA: model } = await import('../../../lib/constructs/api-route-parts');
    const accepts = (body: object) => model.type === 'object' && Object.keys(body).length >= (model.minProperties ?? 0);
    expect({ dialect: model.schema, shapes: [anEvent(), { events: [anEvent()] }].map(accepts), empty: accepts({}) })
      .toEqual({ dialect: 'http://json-schema.org/draft-04/schema#', shapes: [true, true], empty: false });
  });
});

type Operation = {
  summary?: string;
  parameters: { name: string; in: string; required: boolean; schema: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
  security?: unknown[];
};

describe('OpenAPI operation of each route, from the route table', () => {
  const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } };
  const operationOf = (r: (typeof ROUTES)[number]) => doc.paths[r.path]?.[r.method.toLowerCase()] as Operation;
  const rows = ROUTES.map((r) => [routeKey(r), r] as const);

  it.each(rows)('%s has its own summary', (key, route) => {
    const { summary } = operationOf(route);
    expect({ summary: typeof summary === 'string' && summary.length > 0, generic: summary === key }).toEqual({ summary: true, generic: false });
  });

  it.each(rows)('%s lists every path parameter, required, and the query parameters its schema takes', (_key, route) => {
    const request: RouteRequest = 'request' in route ? route.request : {};
    const expected = [
      ...pathParameterNames(route.path).map((name) => ({ name, in: 'path', required: true })),
      ...Object.keys(request.query?._zod.def.shape ?? {}).map((name) => ({ name, in: 'query' })),
    ];
    const listed = operationOf(route).parameters.map(({ name, in: where, required }) => (where === 'path' ? { name, in: where, required } : { name, in: where }));
    expect(listed).toEqual(expected);
  });

  it.each(rows)('%s describes a non-empty schema for every response and request content type', (_key, route) => {
    const { responses, requestBody } = operationOf(route);
    const contents = [...Object.values(responses).map((r) => r.content ?? {}), requestBody?.content ?? {}].flatMap((c) => Object.entries(c));
    const empty = contents.filter(([, { schema }]) => Object.keys(schema).length === 0).map(([type]) => type);
    expect({ successes: Object.keys(route.responses), empty }).toEqual({ successes: expect.arrayContaining([expect.stringMatching(/^20[01]$/)]), empty: [] });
  });

  it.each(rows)('%s is secured by SigV4 unless public', (_key, route) => {
    expect(operationOf(route).security).toEqual(route.role === 'none' ? [] : [{ sigv4: [] }]);
  });

  it('resolves every schema reference to a component', () => {
    const refs = [...JSON.stringify(doc.paths).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1] as string);
    expect(refs.filter((name) => !(name in doc.components.schemas))).toEqual([]);
  });

  it('documents the integrity and alarm responses with their fields', () => {
    const fields = (name: string) => Object.keys((doc.components.schemas[name] as { properties: object }).properties);
    expect({ proof: fields('InclusionProof'), integrity: fields('IntegrityReport'), alarms: fields('AlarmList') }).toEqual({
      proof: ['eventId', 'contentHash', 'leafIndex', 'auditPath', 'block', 'publicKeyPem', 'log'],
      integrity: ['ok', 'fromSeq', 'toSeq', 'blocksChecked', 'eventsChecked', 'findings', 'from', 'to'],
      alarms: ['alarms'],
    });
  });
});
