import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ArchiveJobServices, QueryServices } from '../../composition/query-services';
import { ValidationError } from '../../core/errors';
import type { Caller } from '../../core/ports';
import type { ArchiveJob } from '../../core/query/archive-jobs';
import { ARCHIVE_JOB_ROUTES, ArchiveJobContext, jobParamsOf, type ArchiveJobRoute } from '../../core/query/archive-jobs';
import { ArchiveQueryPendingError } from '../../core/query/ports';
import { jsonResponse } from '../shared/http-response';
import { periodRoutes } from './period-routes';
import type { QueryRoute } from './query-route';

/** The route that polls a job. */
export const JOBS_ROUTE = 'GET /v1/jobs/{jobId}';

type JobRequest = Pick<ArchiveJob, 'route' | 'params' | 'requestedAt'>;

/**
 * The period routes and the jobs route. A period read still running on the archive engine
 * when the time budget ends answers 202 with a job id instead of failing; polling the id
 * re-runs the sealed request at its first request time and answers what the route would
 * have answered, or 202 again. Services are reached per request: building the table needs none.
 */
export function archiveJobRoutes(query: QueryServices): Readonly<Record<ArchiveJobRoute | typeof JOBS_ROUTE, QueryRoute>> {
  const starts = Object.fromEntries(ARCHIVE_JOB_ROUTES.map((route) => [route, startRoute(query, route)])) as Record<ArchiveJobRoute, QueryRoute>;
  return { ...starts, [JOBS_ROUTE]: pollRoute(query) };
}

function startRoute(query: QueryServices, route: ArchiveJobRoute): QueryRoute {
  return async (event, caller) => {
    const jobs = query.archiveJobs;
    const request: JobRequest = { route, params: jobParamsOf(event.queryStringParameters), requestedAt: jobs.now().toISOString() };
    const context = new ArchiveJobContext();
    const outcome = await attempt(jobs, request, caller, context);
    if (!(outcome instanceof ArchiveQueryPendingError)) return outcome;
    const jobId = (await jobs.codec()).start({ ...request, ...callerOf(caller), executions: context.executions() });
    // The start of an archive query is recorded when it happens; its result is recorded when returned.
    await jobs.auditor.record('audit.read', caller, { route, query: { ...recordedParams(request.params), archiveJob: 'started' } });
    return accepted(event, jobId, outcome.retryAfterSeconds);
  };
}

function pollRoute(query: QueryServices): QueryRoute {
  return async (event, caller) => {
    if (Object.keys(event.queryStringParameters ?? {}).length > 0)
      throw new ValidationError('a job is polled without parameters: its query is sealed in its id', [{ path: 'query', message: 'not allowed' }]);
    const jobs = query.archiveJobs;
    const codec = await jobs.codec();
    const job = codec.open(event.pathParameters?.jobId ?? '', caller);
    const context = new ArchiveJobContext(job.executions);
    const outcome = await attempt(jobs, job, caller, context);
    if (!(outcome instanceof ArchiveQueryPendingError)) return outcome;
    return accepted(event, codec.seal({ ...job, executions: context.executions() }), outcome.retryAfterSeconds);
  };
}

/** The route's own response, or the pending error when the archive engine is still running. */
async function attempt(
  jobs: ArchiveJobServices, request: JobRequest, caller: Caller, context: ArchiveJobContext,
): Promise<APIGatewayProxyResult | ArchiveQueryPendingError> {
  try {
    return await periodRoutes(jobs.at(new Date(request.requestedAt), context))[request.route](request.params, caller);
  } catch (error) {
    if (error instanceof ArchiveQueryPendingError) return error;
    throw error;
  }
}

function callerOf(caller: Caller): Pick<ArchiveJob, 'principal' | 'signedInUser'> {
  return { principal: caller.principal, ...(caller.signedInUser === undefined ? {} : { signedInUser: caller.signedInUser }) };
}

/** The parameters as a read record keeps them: never a cursor's content or a searched address. */
function recordedParams(params: Readonly<Record<string, string>>): Record<string, unknown> {
  const { cursor, ip, ...rest } = params;
  return { ...rest, continued: cursor !== undefined, ...(ip === undefined ? {} : { ip: 'given' }) };
}

/** 202: the job's id and where to poll it (Location resolved under the stage the request came through). */
function accepted(event: APIGatewayProxyEvent, jobId: string, retryAfterSeconds: number): APIGatewayProxyResult {
  const poll = `/v1/jobs/${jobId}`;
  const response = jsonResponse(202, { jobId, status: 'running', poll });
  response.headers = { ...response.headers, 'retry-after': String(retryAfterSeconds), location: `${stagePrefixOf(event)}${poll}` };
  return response;
}

/** `/prod` when API Gateway names the stage in the request path, else nothing. */
function stagePrefixOf(event: APIGatewayProxyEvent): string {
  const full = event.requestContext?.path;
  return typeof full === 'string' && typeof event.path === 'string' && full.endsWith(event.path) ? full.slice(0, full.length - event.path.length) : '';
}
