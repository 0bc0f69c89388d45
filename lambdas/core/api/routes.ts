import type { $ZodObject, $ZodType } from 'zod/v4/core';
import { StoredEventSchema } from '../event-schema';
import { ProofParamsSchema, RangeParamsSchema } from '../query/integrity-queries';
import { ConsistencyParamsSchema } from '../query/checkpoint-queries';
import {
  AcceptedSchema, ComplianceReportSchema, ExportLinkSchema, SearchPageSchema, StatsSchema,
} from '../query/api-schemas';
import { ArchiveJobAcceptedSchema, ArchiveJobResultSchema, JobIdParamsSchema } from '../query/api-schemas';
import { ExportParamsSchema } from '../query/export-events';
import { PeriodParamsSchema } from '../query/period';
import { SearchParamsSchema } from '../query/search-query';
import {
  AlarmListSchema, EventIdParamsSchema, HealthSchema, InclusionProofSchema, IngestBodySchema, IntegrityReportSchema,
  OpenApiDocumentSchema, TextBodySchema,
} from './route-schemas';
import { ConsistencyProofSchema, LatestCheckpointSchema } from './route-schemas';
import { ErasureResultSchema, PersonalDataViewSchema, SubjectExportSchema } from './route-schemas';
import { ErasureBodySchema } from '../privacy/erase-subject';
import { SubjectExportParamsSchema } from '../privacy/export-subject';
import { SubjectIdParamsSchema } from '../privacy/subject-events';

/**
 * The API's routes: the one definition of each route's method, path, role, Lambda,
 * summary and schemas. The CDK app (resources, methods, IAM grants per route), the local
 * HTTP front, the handlers' dispatch tables, the read-audit records and the OpenAPI
 * document all come from this table: a row added here and nowhere else does not compile
 * until the handler that serves it has an entry for it.
 */

/**
 * The caller roles: DMIS services write, auditors read, the privacy officer reads personal
 * data and erases it. `none` marks public routes (health, OpenAPI).
 */
export type ApiRole = 'writer' | 'reader' | 'privacy' | 'none';

/** HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST';

/**
 * Which Lambda handler serves a route. `health` and `openapi` run no function: API
 * Gateway answers them with a mock integration, and the local front answers them itself.
 */
export type RouteHandler = 'ingest' | 'query' | 'alarms' | 'privacy' | 'health' | 'openapi';

/** The handlers that are Lambda functions. */
export type LambdaRouteHandler = Exclude<RouteHandler, 'health' | 'openapi'>;

/** Error statuses a route may answer besides those of every authenticated route. */
export type ExtraErrorStatus = 404 | 409 | 413 | 415;

/** Response bodies of one status, by content type. */
export type RouteContent = Readonly<Record<string, $ZodType>>;

/** What a route takes; each schema is the one its use case validates with. */
export interface RouteRequest {
  /** Path parameters: one property per `{name}` in the path. */
  readonly path?: $ZodObject;
  /** Query string parameters. */
  readonly query?: $ZodObject;
  /** The JSON body. */
  readonly body?: $ZodType;
}

/** Every path starts here: the API's version. */
export const API_BASE_PATH = '/v1';

/** One API route. `path` uses API Gateway's `{param}` syntax, relative to the stage. */
export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: `${typeof API_BASE_PATH}/${string}`;
  readonly role: ApiRole;
  readonly handler: RouteHandler;
  /** One line for the OpenAPI document. */
  readonly summary: string;
  /** Request schemas. @default nothing: no parameters and no body */
  readonly request?: RouteRequest;
  /** Success responses: status, then content type, then body schema. */
  readonly responses: Readonly<Partial<Record<200 | 201 | 202, RouteContent>>>;
  /** Errors besides 400, 401, 403 and 429. @default none */
  readonly errors?: readonly ExtraErrorStatus[];
  /**
   * "pii:read": the route answers personal data in clear. Besides its role, the reader
   * may call it where auditors are granted personal-data reads (`auditorsReadPersonalData`).
   * @default false
   */
  readonly personalData?: boolean;
}

const json = <S extends $ZodType>(schema: S) => ({ 'application/json': schema });
/** A period read still running on the archive engine (Athena): poll the job (archive-jobs.ts). */
const archiveJob = json(ArchiveJobAcceptedSchema);

/** Every route of the API, in the order the OpenAPI document and API Gateway list them. */
export const ROUTES = [
  {
    method: 'POST', path: '/v1/events', role: 'writer', handler: 'ingest',
    summary: 'Record one event or a batch of up to 100',
    request: { body: IngestBodySchema }, responses: { 201: json(AcceptedSchema) }, errors: [409, 413, 415],
  },
  {
    method: 'GET', path: '/v1/events/{eventId}', role: 'reader', handler: 'query', summary: 'One stored event',
    request: { path: EventIdParamsSchema }, responses: { 200: json(StoredEventSchema) }, errors: [404],
  },
  {
    method: 'GET', path: '/v1/events', role: 'reader', handler: 'query', summary: 'Search events, newest first',
    request: { query: SearchParamsSchema }, responses: { 200: json(SearchPageSchema), 202: archiveJob },
  },
  {
    method: 'GET', path: '/v1/stats', role: 'reader', handler: 'query', summary: 'Counts for a period and fixed recent windows',
    request: { query: PeriodParamsSchema }, responses: { 200: json(StatsSchema), 202: archiveJob },
  },
  {
    method: 'GET', path: '/v1/export', role: 'reader', handler: 'query',
    summary: 'Export matching events (CSV or NDJSON); large exports return a presigned link',
    request: { query: ExportParamsSchema },
    responses: { 200: { 'text/csv': TextBodySchema, 'application/x-ndjson': TextBodySchema, ...json(ExportLinkSchema) }, 202: archiveJob },
  },
  {
    method: 'GET', path: '/v1/reports/compliance', role: 'reader', handler: 'query',
    summary: 'Compliance report for a period (JSON, or Markdown with format=markdown)',
    request: { query: PeriodParamsSchema },
    responses: { 200: { ...json(ComplianceReportSchema), 'text/markdown': TextBodySchema }, 202: archiveJob },
  },
  {
    method: 'GET', path: '/v1/jobs/{jobId}', role: 'reader', handler: 'query',
    summary: 'Poll an archive job: what its route answers once done, 202 while running; 404 for an expired or another caller\'s job',
    request: { path: JobIdParamsSchema },
    responses: {
      200: { ...json(ArchiveJobResultSchema), 'text/csv': TextBodySchema, 'application/x-ndjson': TextBodySchema, 'text/markdown': TextBodySchema },
      202: archiveJob,
    },
    errors: [404],
  },
  {
    method: 'GET', path: '/v1/events/{eventId}/proof', role: 'reader', handler: 'query',
    summary: 'Inclusion proof of one event in its signed block; 404 until the event is sealed',
    request: { path: EventIdParamsSchema, query: ProofParamsSchema }, responses: { 200: json(InclusionProofSchema) }, errors: [404],
  },
  {
    method: 'GET', path: '/v1/integrity', role: 'reader', handler: 'query',
    summary: 'Verify the blocks and events of a period (default: the last hour, at most 24 hours)',
    request: { query: RangeParamsSchema }, responses: { 200: json(IntegrityReportSchema) },
  },
  {
    method: 'GET', path: '/v1/checkpoints/latest', role: 'reader', handler: 'query',
    summary: 'The newest signed checkpoint of the log (C2SP tlog-checkpoint); 404 before the first',
    responses: { 200: json(LatestCheckpointSchema) }, errors: [404],
  },
  {
    method: 'GET', path: '/v1/checkpoints/consistency', role: 'reader', handler: 'query',
    summary: 'RFC 9162 consistency proof between tree sizes from and to; 404 when the log is shorter',
    request: { query: ConsistencyParamsSchema }, responses: { 200: json(ConsistencyProofSchema) }, errors: [404],
  },
  {
    method: 'GET', path: '/v1/openapi.json', role: 'none', handler: 'openapi', summary: 'This document',
    responses: { 200: json(OpenApiDocumentSchema) },
  },
  {
    method: 'GET', path: '/v1/alarms', role: 'reader', handler: 'alarms', summary: 'Latest state of each security alarm',
    responses: { 200: json(AlarmListSchema) },
  },
  {
    method: 'GET', path: '/v1/events/{eventId}/personal-data', role: 'privacy', handler: 'privacy', personalData: true,
    summary: 'The personal fields of one event in clear (or [erased]); the event itself stays sealed. Audited',
    request: { path: EventIdParamsSchema }, responses: { 200: json(PersonalDataViewSchema) }, errors: [404],
  },
  {
    method: 'GET', path: '/v1/subjects/{subjectId}/export', role: 'privacy', handler: 'privacy', personalData: true,
    summary: 'Subject access export: every event by or about a person, with their personal fields and proofs. Audited',
    request: { path: SubjectIdParamsSchema, query: SubjectExportParamsSchema },
    responses: { 200: { ...json(SubjectExportSchema), 'text/csv': TextBodySchema } },
  },
  {
    method: 'POST', path: '/v1/subjects/{subjectId}/erasure', role: 'privacy', handler: 'privacy',
    summary: 'Erase a person\'s personal data by destroying their keys; 409 legal_hold while a hold applies. Audited',
    request: { path: SubjectIdParamsSchema, body: ErasureBodySchema }, responses: { 200: json(ErasureResultSchema) }, errors: [409, 415],
  },
  {
    method: 'GET', path: '/v1/health', role: 'none', handler: 'health', summary: 'Liveness',
    responses: { 200: json(HealthSchema) },
  },
] as const satisfies readonly RouteDefinition[];

/** One row of the table, with its literal method, path, role and handler. */
export type Route = (typeof ROUTES)[number];

type KeyOf<R extends Route> = R extends Route ? `${R['method']} ${R['path']}` : never;

/** `METHOD path` of every route, e.g. `'GET /v1/stats'`: how API Gateway and the handlers name a route. */
export type RouteKey = KeyOf<Route>;

/** The keys of the routes one Lambda handler serves. */
export type HandlerRouteKey<H extends RouteHandler> = KeyOf<Extract<Route, { readonly handler: H }>>;

/** The keys of the routes one role may call. */
export type RoleRouteKey<R extends ApiRole> = KeyOf<Extract<Route, { readonly role: R }>>;

/** Who has been granted personal-data reads besides the privacy role. */
export interface PersonalDataGrants {
  /** The reader role may call personal-data routes. */
  readonly auditorsReadPersonalData: boolean;
}

/** The roles that may call a route: its own, and the reader on personal-data routes when granted. */
export function rolesAllowed(route: RouteDefinition, grants: PersonalDataGrants): readonly ApiRole[] {
  if (route.personalData === true && grants.auditorsReadPersonalData && route.role !== 'reader') return [route.role, 'reader'];
  return [route.role];
}

/** A route's key. */
export function routeKey<R extends Route>(route: R): KeyOf<R> {
  return `${route.method} ${route.path}` as KeyOf<R>;
}
