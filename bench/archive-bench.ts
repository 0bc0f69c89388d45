import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { DuckDBInstance, VARCHAR } from '@duckdb/node-api';
import { DuckDbArchiveReader } from '../lambdas/adapters/duckdb/duckdb-archive-reader';
import { buildAuditServices } from '../lambdas/composition/audit-services';
import { buildStoredEvent } from '../lambdas/core/build-event';
import type { StoredEvent } from '../lambdas/core/event-schema';
import { eventPartitionKey } from '../lambdas/core/integrity/archive-codec';
import type { TestTable } from '../test/setup/table';
import { type BenchRow, median, timeIt } from './harness';
import { loadEvents, syntheticEvent } from './query-load';

const gzipAsync = promisify(gzip);
const DAYS = 90;
const END = Date.parse('2026-08-01T00:00:00.000Z');
const OBJECTS_PER_DAY = 24;
const ACTORS = 200;
const READER = { principal: 'bench:reader' };
const RUNS = 5;
const SEARCH_DAY = '2026-06-15';

/**
 * The archive tier: N archived events (default 1,000,000) in the partitioned layout over 90
 * days, a day-filtered actor search with DuckDB beside the same search on the hot table
 * (DynamoDB Local, with a smaller sample: its latency depends on the actor's partition,
 * not on the table's size); then the same archive as Parquet (DuckDB COPY): size, query
 * time, and the bytes an Athena query would scan for the search in each format.
 */
export async function benchArchive(table: TestTable, events: number): Promise<BenchRow[]> {
  const root = await mkdtemp(join(tmpdir(), 'bench-archive-'));
  try {
    const generateMs = await timeIt(1, () => writeArchive(root, events));
    const actor = 'user-7';
    const filters = { actor, from: `${SEARCH_DAY}T00:00:00.000Z`, to: `${SEARCH_DAY}T23:59:59.999Z` };
    const reader = new DuckDbArchiveReader(root);
    const duck = await medianMs(() => firstPage(reader, filters));
    const whole = await medianMs(() => firstPage(reader, { actor }));
    await reader.close();
    const hot = await hotTableSearch(table, actor);
    const parquet = await parquetFigures(root, actor);
    const ndjsonBytes = await folderBytes(join(root, 'events'));
    const dayBytes = await folderBytes(join(root, 'events'), `day=${SEARCH_DAY}`);
    return [
      { name: `archived events generated (${DAYS} days, ${OBJECTS_PER_DAY} objects/day/class)`, value: events, unit: 'events' },
      { name: 'generation time', value: generateMs / 1000, unit: 's', target: '< 120 s' },
      { name: 'actor search, one day: DuckDB over NDJSON.gz', value: duck, unit: 'ms', baseline: hot.ms, target: '≤ 5000 ms' },
      { name: `  baseline: same search on the hot table (${hot.events} events)`, value: hot.ms, unit: 'ms' },
      { name: 'actor search, all 90 days (no day pruning): DuckDB', value: whole, unit: 'ms', baseline: duck },
      { name: 'archive size: NDJSON.gz', value: ndjsonBytes / 1e6, unit: 'MB' },
      { name: 'archive size: Parquet (zstd, typed columns + line)', value: parquet.bytes / 1e6, unit: 'MB', baseline: ndjsonBytes / 1e6 },
      { name: 'actor search, one day: DuckDB over Parquet', value: parquet.ms, unit: 'ms', baseline: duck },
      { name: 'Athena bytes scanned, NDJSON.gz (the day\'s objects)', value: dayBytes / 1e6, unit: 'MB' },
      { name: 'Athena bytes scanned, Parquet (column chunks read)', value: parquet.scannedBytes / 1e6, unit: 'MB', baseline: dayBytes / 1e6 },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Writes `count` events as the sealer would lay them out (hour-sized objects per class and day). */
async function writeArchive(root: string, count: number): Promise<void> {
  const templates = Array.from({ length: 64 }, (_, i) => {
    const input = syntheticEvent(i);
    return buildStoredEvent(input, { eventId: input.eventId as string, source: 'arn:aws:iam::123456789012:role/dmis-api', ingestedAt: new Date(input.occurredAt) });
  });
  const objects = new Map<string, string[]>();
  for (let i = 0; i < count; i++) {
    const occurred = new Date(END - 1 - ((i * 2654435761) % (DAYS * 86_400_000)));
    const template = templates[i % templates.length] as StoredEvent;
    const occurredAt = occurred.toISOString();
    const event: StoredEvent = {
      ...template, eventId: randomUUID(), occurredAt, ingestedAt: new Date(occurred.getTime() + 800).toISOString(),
      actor: { ...template.actor, userId: `user-${(i * 31) % ACTORS}` }, contentHash: template.contentHash,
    };
    const seq = Math.floor((occurred.getTime() % 86_400_000) / (86_400_000 / OBJECTS_PER_DAY));
    const key = eventPartitionKey(seq, event.retention.class, occurredAt.slice(0, 10));
    const lines = objects.get(key) ?? [];
    lines.push(JSON.stringify(event));
    objects.set(key, lines);
  }
  const entries = [...objects];
  for (let i = 0; i < entries.length; i += 32) {
    await Promise.all(entries.slice(i, i + 32).map(async ([key, lines]) => {
      const path = join(root, key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, await gzipAsync(`${lines.join('\n')}\n`));
    }));
  }
}

async function firstPage(reader: DuckDbArchiveReader, filters: { actor: string; from?: string; to?: string }): Promise<number> {
  const { from, to, ...rest } = filters;
  const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const page = await reader.page({ filters: rest, range, limit: 51 });
  if (page.length === 0) throw new Error('the bench search found nothing');
  return page.length;
}

async function medianMs(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timeIt(1, fn));
  return median(times);
}

/** The same day-filtered actor search through the search use case on DynamoDB Local. */
async function hotTableSearch(table: TestTable, actor: string): Promise<{ ms: number; events: number }> {
  const events = 50_000;
  await loadEvents(table, events);
  const services = buildAuditServices({ documentClient: table.documentClient, tableName: table.tableName });
  const day = '2026-11-10';
  const params = { actor, from: `${day}T00:00:00.000Z`, to: `${day}T23:59:59.999Z` };
  return { ms: await medianMs(() => services.query.searchEvents.execute(params, READER)), events };
}

/** Converts the archive to Parquet with DuckDB and measures it. */
async function parquetFigures(root: string, actor: string): Promise<{ bytes: number; ms: number; scannedBytes: number }> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const out = join(root, 'parquet');
    const glob = join(root, 'events', 'retention=*', 'day=*', '*.ndjson.gz');
    await c.run(`COPY (SELECT json_extract_string(json, '$.occurredAt') AS occurred_at, json_extract_string(json, '$.eventId') AS event_id,
      json_extract_string(json, '$.actor.userId') AS actor_user_id, json_extract_string(json, '$.eventType') AS event_type,
      json::VARCHAR AS line, retention, day FROM read_ndjson_objects('${glob}', hive_partitioning = true, hive_types = {'retention': VARCHAR, 'day': VARCHAR})
      ORDER BY day, actor_user_id, occurred_at) TO '${out}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (retention, day))`);
    const files = `${out}/retention=*/day=*/*.parquet`;
    const query = `SELECT line FROM read_parquet('${files}', hive_partitioning = true, hive_types = {'retention': VARCHAR, 'day': VARCHAR})
      WHERE day = $1 AND actor_user_id = $2 ORDER BY occurred_at DESC, event_id DESC LIMIT 51`;
    const ms = await medianMs(() => c.runAndReadAll(query, [SEARCH_DAY, actor], [VARCHAR, VARCHAR]));
    // Athena reads the predicate column of every row group, and the others only where the
    // row group's min/max statistics admit the actor.
    const scanned = await c.runAndReadAll(`SELECT coalesce(sum(total_compressed_size), 0)::BIGINT AS bytes FROM parquet_metadata('${out}/retention=*/day=${SEARCH_DAY}/*.parquet')
      WHERE path_in_schema = 'actor_user_id' OR (path_in_schema IN ('line', 'occurred_at', 'event_id')
        AND (file_name, row_group_id) IN (SELECT file_name, row_group_id FROM parquet_metadata('${out}/retention=*/day=${SEARCH_DAY}/*.parquet')
          WHERE path_in_schema = 'actor_user_id' AND $1 BETWEEN stats_min_value AND stats_max_value))`, [actor], [VARCHAR]);
    return { bytes: await folderBytes(out), ms, scannedBytes: Number(scanned.getRowObjectsJS()[0]?.bytes ?? 0) };
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** Bytes of the files under `dir`, only in folders whose path contains `part` when given. */
async function folderBytes(dir: string, part?: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && (part === undefined || path.includes(part))) total += (await stat(path)).size;
  }
  return total;
}
