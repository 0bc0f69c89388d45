import './zod-messages';
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { AuditEventInputSchema } from './event-schema';
import { PeriodParamsSchema } from './query/period';
import {
  AcceptedSchema, AuditBatchDocSchema, ComplianceReportSchema, ErrorSchema, ExportLinkSchema, SearchPageSchema,
  StatsSchema, StoredEventSchema,
} from './query/api-schemas';
import { ExportParamsSchema } from './query/export-events';
import { SearchParamsSchema } from './query/search-query';
import { ROUTES, type RouteDefinition } from './routes';

/**
 * The OpenAPI 3.1 document, generated from ROUTES and the same zod schemas the handlers
 * validate with (JSON Schema 2020-12 is OpenAPI 3.1's schema dialect), so the document
 * cannot drift from what the API accepts.
 */

type Json = Record<string, unknown>;
type Schema = $ZodType;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ 'application/json': { schema } });
const ERROR_STATUSES = { 400: 'invalid request', 401: 'no or bad credential', 403: 'wrong role', 429: 'throttled' } as const;

/** What each known route takes and returns; other routes get a generic entry. */
const OPERATIONS: Readonly<Record<string, { summary: string; query?: Schema; ok: Json; body?: Json; status?: number }>> = {
  'POST /v1/events': { summary: 'Record one event or a batch of up to 100', body: { oneOf: [ref('AuditEventInput'), ref('AuditBatchInput')] }, ok: json(ref('Accepted')), status: 201 },
  'GET /v1/events/{eventId}': { summary: 'One stored event', ok: json(ref('StoredEvent')) },
  'GET /v1/events': { summary: 'Search events, newest first', query: SearchParamsSchema, ok: json(ref('SearchPage')) },
  'GET /v1/stats': { summary: 'Counts for a period and fixed recent windows', query: PeriodParamsSchema, ok: json(ref('Stats')) },
  'GET /v1/export': {
    summary: 'Export matching events (CSV or NDJSON); large exports return a presigned link',
    query: ExportParamsSchema,
    ok: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } }, ...json(ref('ExportLink')) },
  },
  'GET /v1/reports/compliance': {
    summary: 'Compliance report for a period (JSON, or Markdown with format=markdown)',
    query: PeriodParamsSchema,
    ok: { ...json(ref('ComplianceReport')), 'text/markdown': { schema: { type: 'string' } } },
  },
  'GET /v1/health': { summary: 'Liveness', ok: json({ type: 'object', properties: { status: { const: 'ok' } } }) },
  'GET /v1/openapi.json': { summary: 'This document', ok: json({ type: 'object' }) },
};

/** The OpenAPI document; `serverUrl` is the stage URL when known. */
export function buildOpenApiDocument(serverUrl?: string): Json {
  const paths: Record<string, Json> = {};
  for (const route of ROUTES) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'DMIS audit trail API', version: '1' },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: {
        AuditEventInput: schemaOf(AuditEventInputSchema, 'input'),
        AuditBatchInput: schemaOf(AuditBatchDocSchema, 'input'),
        StoredEvent: schemaOf(StoredEventSchema),
        Accepted: schemaOf(AcceptedSchema),
        SearchPage: schemaOf(SearchPageSchema),
        ExportLink: schemaOf(ExportLinkSchema),
        Stats: schemaOf(StatsSchema),
        ComplianceReport: schemaOf(ComplianceReportSchema),
        Error: schemaOf(ErrorSchema),
      },
      securitySchemes: {
        sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', description: 'AWS SigV4 (IAM); locally `Bearer <token>`' },
      },
    },
  };
}

function operation(route: RouteDefinition): Json {
  const known = OPERATIONS[`${route.method} ${route.path}`];
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const responses: Json = { [String(known?.status ?? 200)]: { description: 'success', content: known?.ok ?? json({}) } };
  if (route.role !== 'none') {
    for (const [status, description] of Object.entries(ERROR_STATUSES)) responses[status] = { description, content: json(ref('Error')) };
  }
  return {
    summary: known?.summary ?? `${route.method} ${route.path}`,
    'x-dmis-role': route.role,
    ...(route.role === 'none' ? { security: [] } : { security: [{ sigv4: [] }] }),
    parameters: [...pathParams, ...(known?.query ? queryParameters(known.query) : [])],
    ...(known?.body ? { requestBody: { required: true, content: json(known.body) } } : {}),
    responses,
  };
}

/** One OpenAPI query parameter per property of an object schema. */
function queryParameters(schema: Schema): Json[] {
  const object = schemaOf(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: object.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}

function schemaOf(schema: Schema, io: 'input' | 'output' = 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/**
 * The POST /v1/events body as a JSON Schema draft-04 model (API Gateway's dialect), from
 * the same zod schemas, for lib/ to use as a request model if it validates at the edge.
 */
export function ingestBodyModelSchema(): Json {
  const draft4 = (schema: Schema) => {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-4', io: 'input', unrepresentable: 'any' }) as Json;
    return rest;
  };
  return { $schema: 'http://json-schema.org/draft-04/schema#', anyOf: [draft4(AuditEventInputSchema), draft4(AuditBatchDocSchema)] };
}
