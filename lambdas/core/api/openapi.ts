import '../zod-messages';
import * as z from 'zod/mini';
import type { $ZodObject, $ZodType } from 'zod/v4/core';
import { AuditEventInputSchema, StoredEventSchema } from '../event-schema';
import {
  AcceptedSchema, AuditBatchDocSchema, ComplianceReportSchema, ErrorSchema, ExportLinkSchema, SearchPageSchema, StatsSchema,
} from '../query/api-schemas';
import { ArchiveJobAcceptedSchema } from '../query/api-schemas';
import { AlarmListSchema, InclusionProofSchema, IntegrityReportSchema } from './route-schemas';
import { ROUTES, type RouteContent, type RouteDefinition } from './routes';

/**
 * The OpenAPI 3.1 document, generated from the route table and the same zod schemas the
 * handlers validate with (JSON Schema 2020-12 is OpenAPI 3.1's schema dialect), so the
 * document cannot drift from what the API accepts and returns.
 */

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

/** Schemas shown once under components and referenced by name; requests are read as input. */
const COMPONENTS: Readonly<Record<string, readonly [$ZodType, Io]>> = {
  AuditEventInput: [AuditEventInputSchema, 'input'],
  AuditBatchInput: [AuditBatchDocSchema, 'input'],
  StoredEvent: [StoredEventSchema, 'output'],
  Accepted: [AcceptedSchema, 'output'],
  SearchPage: [SearchPageSchema, 'output'],
  ExportLink: [ExportLinkSchema, 'output'],
  Stats: [StatsSchema, 'output'],
  ComplianceReport: [ComplianceReportSchema, 'output'],
  InclusionProof: [InclusionProofSchema, 'output'],
  IntegrityReport: [IntegrityReportSchema, 'output'],
  AlarmList: [AlarmListSchema, 'output'],
  ArchiveJob: [ArchiveJobAcceptedSchema, 'output'],
  Error: [ErrorSchema, 'output'],
};
const NAME_OF = new Map(Object.entries(COMPONENTS).map(([name, [schema]]) => [schema, name]));

const ERROR_STATUSES = {
  400: 'invalid request', 401: 'no or bad credential', 403: 'wrong role', 404: 'not found',
  409: 'eventId reused with different content', 413: 'body too large', 415: 'body is not JSON', 429: 'throttled',
  503: 'store unavailable; retry after the Retry-After seconds',
} as const;
/** What every authenticated route can answer; rows name the others. */
const COMMON_ERRORS = [400, 401, 403, 429, 503] as const;

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
      schemas: Object.fromEntries(Object.entries(COMPONENTS).map(([name, [schema, io]]) => [name, schemaOf(schema, io)])),
      securitySchemes: {
        sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', description: 'AWS SigV4 (IAM); locally `Bearer <token>`' },
      },
    },
  };
}

function operation(route: RouteDefinition): Json {
  const { request } = route;
  const responses: Json = {};
  for (const [status, content] of Object.entries(route.responses)) {
    const description = status === '202' ? 'still running on the archive: poll the job' : 'success';
    responses[status] = { description, content: contentOf(content, 'output') };
  }
  if (route.role !== 'none') {
    for (const status of [...COMMON_ERRORS, ...(route.errors ?? [])]) {
      responses[status] = { description: ERROR_STATUSES[status], content: contentOf({ 'application/json': ErrorSchema }, 'output') };
    }
  }
  return {
    summary: route.summary,
    'x-dmis-role': route.role,
    security: route.role === 'none' ? [] : [{ sigv4: [] }],
    parameters: [...parameters(request?.path, 'path'), ...parameters(request?.query, 'query')],
    ...(request?.body ? { requestBody: { required: true, content: contentOf({ 'application/json': request.body }, 'input') } } : {}),
    responses,
  };
}

function contentOf(content: RouteContent, io: Io): Json {
  return Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema: referenced(schema, io) }]));
}

/** A component by reference, a union of components as `oneOf`, anything else inline. */
function referenced(schema: $ZodType, io: Io): Json {
  const name = NAME_OF.get(schema);
  if (name) return { $ref: `#/components/schemas/${name}` };
  const def = schema._zod.def as { type: string; options?: readonly $ZodType[] };
  if (def.type === 'union' && def.options?.every((option) => NAME_OF.has(option))) {
    return { oneOf: def.options.map((option) => referenced(option, io)) };
  }
  return schemaOf(schema, io);
}

/** One OpenAPI parameter per property of an object schema. */
function parameters(schema: $ZodObject | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const object = schemaOf(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    const required = where === 'path' || (object.required?.includes(name) ?? false);
    return { name, in: where, required, ...(description ? { description } : {}), schema: rest };
  });
}

function schemaOf(schema: $ZodType, io: Io): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}
