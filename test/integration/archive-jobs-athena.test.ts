import { randomBytes } from 'node:crypto';
import {
  AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { AthenaArchiveReader } from '../../lambdas/adapters/athena/athena-archive-reader';
import { buildAuditServices } from '../../lambdas/composition/audit-services';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import { createQueryHandler } from '../../lambdas/functions/query/handler';
import type { ApiGet } from '../../bin/cli-client';
import { followingJobs } from '../../bin/cli-jobs';
import { answered } from '../../console/src/api/client';
import type { ApiTransport } from '../../console/src/api/transport';
import { matchRoute } from '../../lambdas/core/api/route-match';
import { aStoredEvent } from '../fixtures/archive-events';
import { createTestTable, type TestTable } from '../setup/table';

/**
 * Archive jobs through the query Lambda's handler, with Athena at the SDK boundary and the
 * table in DynamoDB Local: a read still running past the deadline answers 202 and a job
 * id; polls re-run it at its first request time, resuming the executions it started, and
 * finally answer exactly what the same request answers when Athena is quick.
 */

const athena = mockClient(AthenaClient);
const ALICE = 'arn:aws:sts::123456789012:assumed-role/AuditReader/alice';
const MALLORY = 'arn:aws:sts::123456789012:assumed-role/AuditReader/mallory';
const HOUR_MS = 3_600_000;
// The request time: half an hour ago, so the reads' own audit records are never "in the future".
const T0 = Date.now() - HOUR_MS / 2;
const FROM = new Date(T0 - 2 * 24 * HOUR_MS).toISOString();
// 1000 events fill the export's first Athena page, so the export reads a second one.
const ARCHIVED: StoredEvent[] = Array.from({ length: 1001 }, (_, i) =>
  aStoredEvent({ eventType: 'auth.login.failure', occurredAt: new Date(T0 - 30 * HOUR_MS - i * 60_000).toISOString() }));

type Page = { readonly lines: readonly StoredEvent[]; state: 'RUNNING' | 'SUCCEEDED' };
const executions = new Map<string, Page>();
let startedSoFar = 0;

/** Athena whose n-th started query (in this phase) answers pages[n]. */
function athenaAnswering(pages: Page[]): Page[] {
  athena.reset();
  let n = 0;
  athena.on(StartQueryExecutionCommand).callsFake(() => {
    const id = `exec-${(startedSoFar += 1)}`;
    executions.set(id, pages[n++] as Page);
    return { QueryExecutionId: id };
  });
  athena.on(GetQueryExecutionCommand).callsFake(({ QueryExecutionId }) => ({
    QueryExecution: { Status: { State: executions.get(QueryExecutionId)?.state } },
  }));
  athena.on(GetQueryResultsCommand).callsFake(({ QueryExecutionId }) => ({
    ResultSet: { Rows: [{ Data: [{ VarCharValue: 'line' }] }, ...(executions.get(QueryExecutionId)?.lines ?? []).map((e) => ({ Data: [{ VarCharValue: JSON.stringify(e) }] }))] },
  }));
  return pages;
}

const startedQueries = () => athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.QueryString);

let table: TestTable;
const clock = { now: T0 };
let handle: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

function apiEvent(resource: string, path: string, query: Record<string, string> | null, principal = ALICE, pathParameters: Record<string, string> | null = null) {
  return {
    httpMethod: 'GET', resource, path, pathParameters, queryStringParameters: query,
    requestContext: { path: `/prod${path}`, identity: { userArn: principal } },
  } as unknown as APIGatewayProxyEvent;
}
const exportRequest = (principal = ALICE, format = 'ndjson') =>
  apiEvent('/v1/export', '/v1/export', { from: FROM, eventType: 'auth.', format }, principal);
const poll = (jobId: string, principal = ALICE, query: Record<string, string> | null = null) =>
  handle(apiEvent('/v1/jobs/{jobId}', `/v1/jobs/${jobId}`, query, principal, { jobId }));

/** The CLI's view of the API: a GET by route path, answered by the query handler itself. */
const handlerApi: ApiGet = async (path, query) => {
  const matched = matchRoute('GET', path);
  const resource = matched?.route.path ?? path;
  const defined = Object.fromEntries(Object.entries(query ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const answer = await handle(apiEvent(resource, path, Object.keys(defined).length > 0 ? defined : null, ALICE, matched?.pathParameters ?? null));
  const headers = new Headers(answer.headers as Record<string, string>);
  return { status: answer.statusCode, contentType: headers.get('content-type') ?? '', headers, body: null, text: async () => answer.body };
};

async function auditRecords(route: string): Promise<Record<string, unknown>[]> {
  const items = (await table.documentClient.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true }))).Items ?? [];
  return items.filter((i) => (i.metadata as { route?: string } | undefined)?.route === route).map((i) => i.metadata as Record<string, unknown>);
}

beforeAll(async () => {
  table = await createTestTable('archive-jobs');
  const reader = new AthenaArchiveReader(new AthenaClient({ region: 'eu-west-1' }), {
    workGroup: 'dmis-audit-archive', database: 'dmis_audit', table: 'events', deadlineMs: 0, sleep: async () => undefined,
  });
  const key = randomBytes(32);
  handle = createQueryHandler(buildAuditServices({
    documentClient: table.documentClient, tableName: table.tableName, clock: () => new Date(clock.now),
    query: { cursorKey: async () => key, archive: { reader, hotWindowSeconds: 3600 } },
  }));
}, 60_000);

beforeEach(() => {
  clock.now = T0;
});

describe('archive jobs on Athena, through the query handler', () => {
  it('answers 202, resumes while running, then 200 with the synchronous body, one query started per page', async () => {
    // Prepare: the first page finishes in time, the second is still running.
    const [, second] = athenaAnswering([{ lines: ARCHIVED.slice(0, 1000), state: 'SUCCEEDED' }, { lines: ARCHIVED.slice(1000), state: 'RUNNING' }]);
    // Act: the first request, then a poll ten minutes later, still running.
    const first = await handle(exportRequest());
    const firstJob = JSON.parse(first.body) as { jobId: string; status: string; poll: string };
    clock.now = T0 + 10 * 60_000;
    const running = await poll(firstJob.jobId);
    const startsWhileRunning = startedQueries().length;
    (second as Page).state = 'SUCCEEDED';
    const done = await poll((JSON.parse(running.body) as { jobId: string }).jobId);
    const jobQueries = startedQueries();
    // The same request answered at once, at the same request time.
    clock.now = T0;
    athenaAnswering([{ lines: ARCHIVED.slice(0, 1000), state: 'SUCCEEDED' }, { lines: ARCHIVED.slice(1000), state: 'SUCCEEDED' }]);
    const synchronous = await handle(exportRequest());
    // Assess
    expect({ status: first.statusCode, status2: firstJob.status, poll: firstJob.poll }).toEqual({
      status: 202, status2: 'running', poll: `/v1/jobs/${firstJob.jobId}`,
    });
    expect(first.headers).toMatchObject({ 'retry-after': '15', location: `/prod/v1/jobs/${firstJob.jobId}` });
    expect({ status: running.statusCode, body: JSON.parse(running.body) }).toMatchObject({ status: 202, body: { status: 'running' } });
    expect(startsWhileRunning).toBe(2);
    expect(jobQueries).toHaveLength(2);
    expect(new Set(jobQueries).size).toBe(2);
    expect(synchronous.statusCode).toBe(200);
    expect({ status: done.statusCode, headers: done.headers, body: done.body }).toEqual({
      status: 200, headers: synchronous.headers, body: synchronous.body,
    });
    expect(startedQueries()).toEqual(jobQueries);
    expect(done.body.trim().split('\n')).toHaveLength(1001);
  }, 120_000);

  it('records the start of a job and the final read, with the original route and query', async () => {
    // Prepare
    const [page] = athenaAnswering([{ lines: ARCHIVED.slice(1000), state: 'RUNNING' }]);
    // Act: a CSV export, which no other test here asks for.
    const { jobId } = JSON.parse((await handle(exportRequest(ALICE, 'csv'))).body) as { jobId: string };
    (page as Page).state = 'SUCCEEDED';
    const done = await poll(jobId);
    // Assess
    expect(done.statusCode).toBe(200);
    const records = (await auditRecords('GET /v1/export')).filter((r) => {
      const query = r.query as { format?: string; to?: string };
      return query.format === 'csv' && query.to === undefined;
    });
    expect(records).toEqual(expect.arrayContaining([
      { route: 'GET /v1/export', query: { from: FROM, eventType: 'auth.', format: 'csv', continued: false, archiveJob: 'started' } },
      {
        route: 'GET /v1/export', resultCount: 1,
        query: { from: FROM, eventTypePrefix: 'auth.', format: 'csv', includeProofs: false, index: 'byType' },
      },
    ]));
    expect(records).toHaveLength(2);
  }, 120_000);

  it('answers another caller, a changed id or a changed query with 4xx JSON and no results', async () => {
    // Prepare
    athenaAnswering([{ lines: ARCHIVED.slice(1000), state: 'RUNNING' }]);
    const { jobId } = JSON.parse((await handle(exportRequest())).body) as { jobId: string };
    const flipped = `${jobId.slice(0, 20)}${jobId[20] === 'A' ? 'B' : 'A'}${jobId.slice(21)}`;
    // Act
    const answers: APIGatewayProxyResult[] = await Promise.all([
      poll(jobId, MALLORY), poll(flipped), poll(jobId, ALICE, { from: '2020-01-01T00:00:00.000Z' }), poll('not-a-job'),
    ]);
    clock.now = T0 + HOUR_MS + 1;
    answers.push(await poll(jobId));
    // Assess
    expect(answers.map((a) => [a.statusCode, (JSON.parse(a.body) as { error: { code: string } }).error.code])).toEqual([
      [404, 'not_found'], [404, 'not_found'], [400, 'invalid_request'], [404, 'not_found'], [404, 'not_found'],
    ]);
    expect(JSON.parse((answers[4] as APIGatewayProxyResult).body).error.message).toMatch(/expired/);
    expect(startedQueries()).toHaveLength(1);
  }, 120_000);

  it('pins a search\'s default period to the first request time', async () => {
    // Prepare
    const [page] = athenaAnswering([{ lines: ARCHIVED.slice(0, 3), state: 'RUNNING' }]);
    const search = apiEvent('/v1/events', '/v1/events', { from: FROM, eventType: 'auth.', limit: '2' });
    // Act
    const { jobId } = JSON.parse((await handle(search)).body) as { jobId: string };
    clock.now = T0 + 20 * 60_000;
    (page as Page).state = 'SUCCEEDED';
    const done = await poll(jobId);
    // Assess
    const body = JSON.parse(done.body) as { events: StoredEvent[]; nextCursor: string | null };
    expect({ status: done.statusCode, ids: body.events.map((e) => e.eventId), more: body.nextCursor !== null }).toEqual({
      status: 200, ids: ARCHIVED.slice(0, 2).map((e) => e.eventId), more: true,
    });
    expect(startedQueries()).toHaveLength(1);
  }, 120_000);

  it('lets the CLI follow a 202 by polling until the read answers', async () => {
    // Prepare
    const [page] = athenaAnswering([{ lines: ARCHIVED.slice(1000), state: 'RUNNING' }]);
    const waits: number[] = [];
    const notices: string[] = [];
    const api = followingJobs(handlerApi, {
      notice: (line) => notices.push(line),
      // The query finishes during the second wait: one poll answers 202, the next 200.
      wait: async (ms) => {
        waits.push(ms);
        if (waits.length === 2) (page as Page).state = 'SUCCEEDED';
      },
    });
    const query = { from: FROM, eventType: 'auth.', format: 'csv', to: new Date(T0 - 24 * HOUR_MS).toISOString() };
    // Act
    const response = await api('/v1/export', query);
    const text = await response.text();
    // Assess
    expect({ status: response.status, type: response.contentType, waits, notices: notices.length }).toEqual({
      status: 200, type: 'text/csv; charset=utf-8', waits: [15_000, 15_000], notices: 1,
    });
    expect(text).toContain((ARCHIVED[1000] as StoredEvent).eventId);
    expect(startedQueries()).toHaveLength(1);
  }, 120_000);

  it('lets the console follow a 202 to the search page', async () => {
    // Prepare
    const [page] = athenaAnswering([{ lines: ARCHIVED.slice(0, 3), state: 'RUNNING' }]);
    const transport: ApiTransport = {
      get: async (path, query) => {
        const response = await handlerApi(path, query);
        const body = await response.text();
        return { status: response.status, headers: response.headers, text: async () => body, json: async () => JSON.parse(body) };
      },
      signOut: () => undefined,
    };
    const waits: number[] = [];
    // Act
    const response = await answered(transport, '/v1/events', { from: FROM, eventType: 'auth.', limit: '3' }, async (ms) => {
      waits.push(ms);
      (page as Page).state = 'SUCCEEDED';
    });
    // Assess
    const body = (await response.json()) as { events: StoredEvent[] };
    expect({ status: response.status, waits, ids: body.events.map((e) => e.eventId) }).toEqual({
      status: 200, waits: [15_000], ids: ARCHIVED.slice(0, 3).map((e) => e.eventId),
    });
  }, 120_000);
});
