import { join } from 'node:path';
import { DuckDBInstance, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import type { StoredEvent } from '../../core/event-schema';
import { archivedEventOf, archiveEventByIdQuery, archivePageQuery, type ArchivePageRequest, type ArchiveQuery } from '../../core/query/archive-sql';
import type { ArchiveEventReader, ArchiveRead, Position } from '../../core/query/ports';

/**
 * The archive reader of the local runtime: DuckDB, in process, over the local archive
 * folder's partitioned event objects (`events/retention=<class>/day=<day>/<seq>.ndjson.gz`),
 * read as raw JSON lines with hive partitioning so a day or retention filter opens only
 * the partitions it names. Each page is one query with the caller's values bound as
 * parameters; the next page continues from the last row's (occurredAt, eventId).
 */
export class DuckDbArchiveReader implements ArchiveEventReader {
  private instance: Promise<DuckDBInstance> | undefined;

  /** `root`: the archive folder (the one holding `events/`). */
  constructor(private readonly root: string) {}

  async *read(request: ArchiveRead): AsyncGenerator<StoredEvent> {
    let before = request.before;
    for (;;) {
      const lines = await this.page({ filters: request.filters, range: request.range, limit: request.pageSize, ...(before ? { before } : {}) });
      const events = lines.map((line) => JSON.parse(line) as StoredEvent);
      yield* events;
      const last = events.at(-1);
      if (events.length < request.pageSize || !last) return;
      before = { occurredAt: last.occurredAt, eventId: last.eventId } satisfies Position;
    }
  }

  async get(eventId: string): Promise<StoredEvent | undefined> {
    return archivedEventOf(await this.run(archiveEventByIdQuery('duckdb', eventsRelation(this.root), eventId)), eventId);
  }

  /** The raw lines of one page, newest first. */
  async page(request: ArchivePageRequest): Promise<string[]> {
    return this.run(archivePageQuery('duckdb', eventsRelation(this.root), request));
  }

  private async run({ sql, params }: ArchiveQuery): Promise<string[]> {
    const connection = await this.connect();
    try {
      const result = await connection.runAndReadAll(sql, [...params], params.map(() => VARCHAR));
      return result.getRowObjectsJS().map((row) => String(row.line));
    } catch (error) {
      // An archive that has sealed nothing yet has no event objects to glob.
      // (The engine's errors may come from another realm, so no instanceof.)
      if (/No files found/i.test(String((error as { message?: unknown }).message))) return [];
      throw error;
    } finally {
      connection.closeSync();
    }
  }

  /** Releases the engine; a later read starts it again. */
  async close(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    if (instance) (await instance).closeSync();
  }

  private async connect(): Promise<DuckDBConnection> {
    this.instance ??= DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    return (await this.instance).connect();
  }
}

/** The event objects under `root` as (line, retention, day); the path is configuration, quoted as a literal. */
export function eventsRelation(root: string): string {
  const glob = join(root, 'events', 'retention=*', 'day=*', '*.ndjson.gz').replaceAll("'", "''");
  return `(SELECT json::VARCHAR AS line, retention, day FROM read_ndjson_objects('${glob}', hive_partitioning = true, hive_types = {'retention': VARCHAR, 'day': VARCHAR}))`;
}
