import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecutionState,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { StoredEvent } from '../../core/event-schema';
import { archivedEventOf, archiveEventByIdQuery, archivePageQuery, sqlLiteral, type ArchivePageRequest, type ArchiveQuery } from '../../core/query/archive-sql';
import { archiveQueryKey, type ArchiveJobContext, type ResumableArchiveReader } from '../../core/query/archive-jobs';
import { ArchiveQueryPendingError, type ArchiveEventReader, type ArchiveRead } from '../../core/query/ports';

/** Where and how long the archive is queried. */
export interface AthenaArchiveOptions {
  /** The workgroup (its result location, encryption and scan limit apply). */
  readonly workGroup: string;
  /** The Glue database and table over `events/` (columns `line`, partitions `retention`, `day`). */
  readonly database: string;
  readonly table: string;
  /** How long one page may run before the read answers "still running". @default 20 s (the API's budget) */
  readonly deadlineMs?: number;
  /** Between two GetQueryExecution calls. @default 500 ms */
  readonly pollIntervalMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly clock?: () => number;
}

const DONE: readonly (QueryExecutionState | undefined)[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
const RESULT_PAGE = 1000;
/** Glue names the statement quotes as identifiers: nothing that could close the quotes. */
const GLUE_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * The archive reader on AWS: Athena (Trino) over the S3 archive's partitioned event
 * objects, through the Glue table. Each page is one query: StartQueryExecution in the
 * workgroup with the caller's values as ExecutionParameters (escaped literals, never
 * spliced into the statement), GetQueryExecution until it ends or the deadline passes,
 * then GetQueryResults page by page. Bound to an archive job (`resuming`), a page whose
 * query the job already started polls that execution instead of starting another, and
 * every execution started is recorded in the job.
 */
export class AthenaArchiveReader implements ResumableArchiveReader {
  constructor(
    private readonly client: AthenaClient,
    private readonly options: AthenaArchiveOptions,
    private readonly job?: ArchiveJobContext,
  ) {
    if (!GLUE_NAME.test(options.database)) throw new TypeError('database must be a Glue name (letters, digits, _ or -)');
    if (!GLUE_NAME.test(options.table)) throw new TypeError('table must be a Glue name (letters, digits, _ or -)');
  }

  resuming(job: ArchiveJobContext): ArchiveEventReader {
    return new AthenaArchiveReader(this.client, this.options, job);
  }

  async *read(request: ArchiveRead): AsyncGenerator<StoredEvent> {
    let before = request.before;
    for (;;) {
      const lines = await this.page({ filters: request.filters, range: request.range, limit: request.pageSize, ...(before ? { before } : {}) });
      const events = lines.map((line) => JSON.parse(line) as StoredEvent);
      yield* events;
      const last = events.at(-1);
      if (events.length < request.pageSize || !last) return;
      before = { occurredAt: last.occurredAt, eventId: last.eventId };
    }
  }

  /** Scans every partition (an id names no day): the workgroup's bytes-scanned limit bounds it. */
  async get(eventId: string): Promise<StoredEvent | undefined> {
    return archivedEventOf(await this.run(archiveEventByIdQuery('athena', this.relation(), eventId)), eventId);
  }

  /** The raw lines of one page, newest first; ArchiveQueryPendingError past the deadline. */
  async page(request: ArchivePageRequest): Promise<string[]> {
    return this.run(archivePageQuery('athena', this.relation(), request));
  }

  private relation(): string {
    return `"${this.options.database}"."${this.options.table}"`;
  }

  private async run(query: ArchiveQuery): Promise<string[]> {
    const key = archiveQueryKey(query.sql, query.params);
    const id = this.job?.executionOf(key) ?? (await this.start(query));
    this.job?.started(key, id);
    await this.finished(id);
    return this.lines(id);
  }

  private async start({ sql, params }: ArchiveQuery): Promise<string> {
    const started = await this.client.send(new StartQueryExecutionCommand({
      QueryString: sql,
      WorkGroup: this.options.workGroup,
      QueryExecutionContext: { Database: this.options.database },
      ...(params.length > 0 ? { ExecutionParameters: params.map(sqlLiteral) } : {}),
    }));
    const id = started.QueryExecutionId;
    if (!id) throw new Error('Athena started no query execution');
    return id;
  }

  /** The lines of a finished execution (its first result row is the header). */
  async lines(executionId: string): Promise<string[]> {
    const lines: string[] = [];
    let token: string | undefined;
    let first = true;
    do {
      const page = await this.client.send(new GetQueryResultsCommand({
        QueryExecutionId: executionId, MaxResults: RESULT_PAGE, ...(token ? { NextToken: token } : {}),
      }));
      const rows = page.ResultSet?.Rows ?? [];
      for (const row of first ? rows.slice(1) : rows) lines.push(row.Data?.[0]?.VarCharValue ?? '');
      first = false;
      token = page.NextToken;
    } while (token);
    return lines;
  }

  private async finished(executionId: string): Promise<void> {
    const clock = this.options.clock ?? Date.now;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const deadline = clock() + (this.options.deadlineMs ?? 20_000);
    for (;;) {
      const { QueryExecution: execution } = await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: executionId }));
      const state = execution?.Status?.State;
      if (state === 'SUCCEEDED') return;
      // The reason can quote the statement; it goes to the log through the error, not to the caller.
      if (DONE.includes(state)) throw new Error(`the archive query ${executionId} ended ${state}: ${execution?.Status?.StateChangeReason ?? ''}`);
      if (clock() >= deadline) throw new ArchiveQueryPendingError(executionId);
      await sleep(this.options.pollIntervalMs ?? 500);
    }
  }
}
