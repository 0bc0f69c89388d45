import { createHash } from 'node:crypto';
import type { RoleRouteKey } from '../api/routes';
import type { ArchiveEventReader } from './ports';

/**
 * Asynchronous archive jobs. A read that reaches past the hot window runs on an engine
 * (Athena) that may still be working when the API's time budget ends. Rather than throw
 * that work away, the API answers 202 with a job id (archive-job-codec.ts) that seals the
 * request, its request time and the engine executions started so far; polling the id
 * re-runs the same request at the same request time, and every page whose query is
 * already known polls its execution instead of starting a new one. No job state is
 * stored anywhere but in the id itself.
 */

/** The routes whose reads walk a period and so may reach the archive. */
export const ARCHIVE_JOB_ROUTES = [
  'GET /v1/events', 'GET /v1/stats', 'GET /v1/export', 'GET /v1/reports/compliance',
] as const satisfies readonly RoleRouteKey<'reader'>[];

/** One of the routes a job may re-run. */
export type ArchiveJobRoute = (typeof ARCHIVE_JOB_ROUTES)[number];

/** How long a job id may be polled; the engine keeps results for days, the id binds a request time. */
export const ARCHIVE_JOB_TTL_MS = 60 * 60 * 1000;

/** What a job id carries: everything needed to re-run the request exactly as first asked. */
export interface ArchiveJob {
  readonly route: ArchiveJobRoute;
  /** The query-string parameters, names sorted, as the first request gave them. */
  readonly params: Readonly<Record<string, string>>;
  /** The caller that started the job: only the same principal (and signed-in user) may poll it. */
  readonly principal: string;
  readonly signedInUser?: string;
  /** The first request's time: the hot boundary and default periods are computed from it. */
  readonly requestedAt: string;
  /** Epoch milliseconds after which the id is refused. */
  readonly expiresAt: number;
  /** Engine executions started for this job, by archiveQueryKey. */
  readonly executions: Readonly<Record<string, string>>;
}

/**
 * The executions of one job while a request runs: the reader looks a page's query up
 * before starting it, and records every execution it starts (finished or not), so the
 * next poll starts none twice.
 */
export class ArchiveJobContext {
  private readonly known: Map<string, string>;

  constructor(executions: Readonly<Record<string, string>> = {}) {
    this.known = new Map(Object.entries(executions));
  }

  /** The execution already started for a query, if any. */
  executionOf(queryKey: string): string | undefined {
    return this.known.get(queryKey);
  }

  /** Records the execution that answers a query. */
  started(queryKey: string, executionId: string): void {
    this.known.set(queryKey, executionId);
  }

  /** Every execution known so far, for the next job id. */
  executions(): Record<string, string> {
    return Object.fromEntries(this.known);
  }
}

/** The key of one engine query: any change of statement or parameter makes another query. */
export function archiveQueryKey(sql: string, params: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify([sql, params])).digest('base64url').slice(0, 22);
}

/** An archive reader whose engine keeps the results of the queries it started (Athena). */
export interface ResumableArchiveReader extends ArchiveEventReader {
  /** The same reader, resuming and recording the job's executions. */
  resuming(job: ArchiveJobContext): ArchiveEventReader;
}

/** `reader` bound to `job` where the engine can resume; any other reader (DuckDB) as it is. */
export function readerForJob(reader: ArchiveEventReader, job: ArchiveJobContext): ArchiveEventReader {
  const resumable = reader as Partial<ResumableArchiveReader>;
  return typeof resumable.resuming === 'function' ? resumable.resuming(job) : reader;
}

/** The query string of a request as a job keeps it: names sorted, absent values dropped. */
export function jobParamsOf(params: Readonly<Record<string, string | undefined>> | null | undefined): Record<string, string> {
  const entries = Object.entries(params ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
