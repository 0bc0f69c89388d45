import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { buildAuditServices } from '../lambdas/composition/audit-services';
import type { TestTable } from '../test/setup/table';
import { type BenchRow, median, percentile, timeIt } from './harness';
import { LOAD_SHAPE, loadEvents } from './query-load';

const READER = { principal: 'bench:reader' };
const SAMPLES = 200;

/**
 * The auditor's query paths over a loaded table: p50/p99 of the three everyday searches
 * through the SearchEvents use case (index query, filter, cursor, and the audit.read write
 * every search makes), each beside a raw DynamoDB Query of the same index partition as
 * the baseline; then export rows/s beside raw paging of the same rows.
 */
export async function benchQueryPaths(table: TestTable, events: number): Promise<{ load: BenchRow[]; queries: BenchRow[] }> {
  const loadMs = await loadEvents(table, events, (done) => {
    if (done % 50_000 < 25) process.stderr.write(`  loaded ${done}/${events}\n`);
  });
  const load: BenchRow[] = [
    { name: `events loaded into DynamoDB Local`, value: events, unit: 'events' },
    { name: 'load time', value: loadMs / 1000, unit: 's' },
    { name: 'load rate', value: (events * 1000) / loadMs, unit: 'ev/s' },
  ];
  const services = buildAuditServices({ documentClient: table.documentClient, tableName: table.tableName });
  const search = (params: Record<string, string>) => services.query.searchEvents.execute(params, READER);
  const raw = (indexName: string, keyName: string, key: string, limit: number) =>
    table.documentClient.send(new QueryCommand({
      TableName: table.tableName, IndexName: indexName, KeyConditionExpression: '#k = :k',
      ExpressionAttributeNames: { '#k': keyName }, ExpressionAttributeValues: { ':k': key }, ScanIndexForward: false, Limit: limit,
    }));
  const day = (i: number) => new Date(Date.parse(LOAD_SHAPE.end) - (1 + (i % (LOAD_SHAPE.days - 1))) * 86_400_000).toISOString().slice(0, 10);
  const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00.000Z`) + 86_400_000).toISOString();
  const queries = [
    ...(await latency('last 50 events of one actor', (i) => search({ actor: `user-${(i * 7) % LOAD_SHAPE.actors}` }), (i) => raw('byActor', 'actorKey', `user-${(i * 7) % LOAD_SHAPE.actors}`, 51))),
    ...(await latency('events of one target record', (i) => search({ targetType: 'donation', targetId: `DN-${(i * 13) % LOAD_SHAPE.targets}` }), (i) => raw('byTarget', 'targetKey', `donation#DN-${(i * 13) % LOAD_SHAPE.targets}`, 51))),
    ...(await latency('failed logins in a day', (i) => search({ eventType: 'auth.login.failure', from: `${day(i)}T00:00:00Z`, to: nextDay(day(i)), limit: '500' }), (i) => raw('byType', 'typeKey', `auth.login.failure#${day(i).slice(0, 7)}`, 501))),
    ...(await exportRate(services, table, day(3))),
  ];
  return { load, queries };
}

async function latency(name: string, run: (i: number) => Promise<unknown>, baseline: (i: number) => Promise<unknown>): Promise<BenchRow[]> {
  for (let i = 0; i < 20; i++) await Promise.all([run(i), baseline(i)]); // warm-up
  const ours: number[] = [];
  const raws: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    ours.push(await timeIt(1, () => run(i)));
    raws.push(await timeIt(1, () => baseline(i)));
  }
  return [
    { name: `${name}: p50`, value: percentile(ours, 50), unit: 'ms', baseline: percentile(raws, 50) },
    { name: `${name}: p99`, value: percentile(ours, 99), unit: 'ms', baseline: percentile(raws, 99), target: '<= 50 ms' },
  ];
}

/** Export rows/s against raw paging of the same partitions, alternating 3 rounds; medians. */
async function exportRate(services: ReturnType<typeof buildAuditServices>, table: TestTable, day: string): Promise<BenchRow[]> {
  const from = `${day}T00:00:00.000Z`;
  const days = [day, new Date(Date.parse(from) + 86_400_000).toISOString().slice(0, 10)];
  const to = new Date(Date.parse(from) + 2 * 86_400_000).toISOString();
  const ours: number[] = [];
  const raws: number[] = [];
  let rows = 0;
  for (let round = 0; round < 3; round++) {
    const ms = await timeIt(1, async () => {
      rows = (await services.query.exportEvents.execute({ format: 'ndjson', from, to }, READER)).rows;
    });
    ours.push((rows * 1000) / ms);
    let rawRows = 0;
    const rawMs = await timeIt(1, async () => {
      for (const d of days) for (let shard = 0; shard < 8; shard++) rawRows += await pageAll(table, `${d}#${shard}`);
    });
    raws.push((rawRows * 1000) / rawMs);
  }
  return [
    { name: `export ndjson, 2 days (${rows} rows): rows/s`, value: median(ours), unit: 'rows/s', baseline: median(raws), target: '>= 20000 rows/s' },
  ];
}

/** Reads one byTime partition to the end, as plain Query pages of 1000. */
async function pageAll(table: TestTable, dayKey: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.documentClient.send(new QueryCommand({
      TableName: table.tableName, IndexName: 'byTime', KeyConditionExpression: 'dayKey = :k',
      ExpressionAttributeValues: { ':k': dayKey }, ExclusiveStartKey: startKey, Limit: 1000,
    }));
    count += page.Items?.length ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}
