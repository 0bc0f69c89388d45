/**
 * What one event costs to store, before (every index projecting ALL, no hot window) and
 * after (lean projections, the hot window), in the same run: write units and bytes per
 * event computed by DynamoDB's documented rules (lib/cost/write-units.ts) over the real
 * items, what DynamoDB Local itself reports (per index too, by its own size measure, and
 * without the index writes of a transaction), and the p99 of each index's query for a page of 50 events on
 * two DynamoDB Local tables loaded with the same events: before, the page comes from the
 * index; after, from the index's keys and one BatchGetItem.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { toEventItem } from '../lambdas/adapters/dynamodb/event-item';
import { itemsByKey } from '../lambdas/adapters/dynamodb/items-by-key';
import { AUDIT_TABLE, type AuditIndexName } from '../lambdas/adapters/dynamodb/table-schema';
import { buildStoredEvent } from '../lambdas/core/build-event';
import { representativeEvent } from '../lib/cost/archive-size';
import { ALL_LAYOUT, footprintOf, SCHEMA_LAYOUT } from '../lib/cost/write-units';
import { auditTableDefinition, ensureAuditTable } from '../local/create-table';
import type { TestTable } from '../test/setup/table';
import { percentile, type BenchRow } from './harness';

const EVENTS = 800;
const PAGE = 50;
const QUERIES_PER_INDEX = 60;

/** Write units and bytes per event, computed and as DynamoDB Local reports them, and index query p99s. */
export async function benchStorage(after: TestTable): Promise<BenchRow[]> {
  const before = { ...after, tableName: `${after.tableName}-all` };
  await createAllProjectionTable(before);
  await ensureAuditTable(after.client, after.tableName);
  const items = Array.from({ length: EVENTS }, (_, i) => eventItem(i));
  const computed = (layout: typeof SCHEMA_LAYOUT) => items.map((item) => footprintOf(item, layout));
  const [was, now] = [computed(ALL_LAYOUT), computed(SCHEMA_LAYOUT)];
  const mean = (values: number[]) => values.reduce((n, v) => n + v, 0) / values.length;
  const reportedBefore = await putAll(before, items);
  const reportedAfter = await putAll(after, items);
  return [
    { name: 'write units per event, one PutItem (computed)', value: mean(now.map((f) => f.writeUnits)), unit: 'WRU', baseline: mean(was.map((f) => f.writeUnits)) },
    { name: 'write units per event, in a batch (computed)', value: mean(now.map((f) => f.batchWriteUnits)), unit: 'WRU', baseline: mean(was.map((f) => f.batchWriteUnits)) },
    { name: 'bytes stored per event, table + indexes', value: mean(now.map((f) => f.storedBytes)), unit: 'B', baseline: mean(was.map((f) => f.storedBytes)) },
    { name: 'capacity per PutItem (DynamoDB Local reports)', value: reportedAfter.put, unit: 'CU', baseline: reportedBefore.put },
    { name: 'capacity per event in a 25-event transaction (Local)', value: reportedAfter.transaction, unit: 'CU', baseline: reportedBefore.transaction },
    ...(await queryRows(before, after, items)),
  ];
}

function eventItem(i: number): Record<string, unknown> {
  const input = representativeEvent(i);
  const event = buildStoredEvent(input, { eventId: input.eventId as string, source: 'bench:storage', ingestedAt: new Date(Date.parse(input.occurredAt) + 500) });
  return toEventItem(event);
}

/** The audit table as it was: the same keys, every index projecting ALL. */
async function createAllProjectionTable(table: TestTable): Promise<void> {
  const definition = auditTableDefinition(table.tableName);
  const indexes = definition.GlobalSecondaryIndexes?.map((i) => ({ ...i, Projection: { ProjectionType: 'ALL' as const } }));
  await table.client.send(new CreateTableCommand({ ...definition, GlobalSecondaryIndexes: indexes }));
}

/** Puts the first half one by one and the rest in 25-event transactions; the capacity DynamoDB Local reports per event. */
async function putAll(table: TestTable, items: Record<string, unknown>[]): Promise<{ put: number; transaction: number }> {
  const half = items.length / 2;
  let put = 0;
  for (const item of items.slice(0, half)) {
    const answer = await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: item, ReturnConsumedCapacity: 'TOTAL' }));
    put += answer.ConsumedCapacity?.CapacityUnits ?? 0;
  }
  let transaction = 0;
  for (let i = half; i < items.length; i += 25) {
    const answer = await table.documentClient.send(new TransactWriteCommand({
      TransactItems: items.slice(i, i + 25).map((Item) => ({ Put: { TableName: table.tableName, Item } })),
      ReturnConsumedCapacity: 'TOTAL',
    }));
    transaction += (answer.ConsumedCapacity ?? []).reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
  }
  return { put: put / half, transaction: transaction / (items.length - half) };
}

/** p99 of a page of 50 from each index: before straight from the index, after keys then BatchGetItem. */
async function queryRows(before: TestTable, after: TestTable, items: Record<string, unknown>[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const index of AUDIT_TABLE.indexes) {
    const keys = [...new Set(items.map((item) => item[index.partitionKey.name]).filter((k) => k !== undefined))];
    const time = async (table: TestTable, second: boolean) => {
      const samples: number[] = [];
      for (let q = 0; q < QUERIES_PER_INDEX; q++) {
        const start = process.hrtime.bigint();
        const page = await table.documentClient.send(queryOf(table.tableName, index.indexName, index.partitionKey.name, keys[q % keys.length]));
        if (second) await itemsByKey(table.documentClient, table.tableName, page.Items ?? []);
        samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      return percentile(samples, 99);
    };
    rows.push({ name: `${index.indexName} page of up to ${PAGE}, p99 (${index.projection.type})`, value: await time(after, true), unit: 'ms', baseline: await time(before, false) });
  }
  return rows;
}

function queryOf(tableName: string, indexName: AuditIndexName, keyName: string, key: unknown): QueryCommand {
  return new QueryCommand({
    TableName: tableName,
    IndexName: indexName,
    KeyConditionExpression: '#k = :k',
    ExpressionAttributeNames: { '#k': keyName },
    ExpressionAttributeValues: { ':k': key },
    ScanIndexForward: false,
    Limit: PAGE,
  });
}
