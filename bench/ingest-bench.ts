import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { buildAuditServices } from '../lambdas/adapters/composition';
import { toEventItem } from '../lambdas/adapters/dynamodb/event-item';
import { buildStoredEvent } from '../lambdas/core/build-event';
import type { StoredEvent } from '../lambdas/core/event-schema';
import { parseIngestRequest } from '../lambdas/core/parse-request';
import type { TestTable } from '../test/setup/table';
import { anEvent } from '../test/fixtures/events';
import { type BenchRow, timeIt } from './harness';

const CALLER = { principal: 'bench:writer' };
const freshEvents = (n: number) => Array.from({ length: n }, () => anEvent({ eventId: randomUUID(), occurredAt: new Date().toISOString() }));

/**
 * Writer throughput: the IngestEvents use case against raw DynamoDB writes of the same
 * items with the same semantics (a conditional PutItem for one event; one
 * TransactWriteItems of conditional puts for a batch). Ratio = use case / raw.
 */
export async function benchWriterThroughput(table: TestTable, singles = 600, batches = 12): Promise<BenchRow[]> {
  const services = buildAuditServices({ documentClient: table.documentClient, tableName: table.tableName });
  const raw = rawWriter(table);
  const single = { useCase: 0, raw: 0 };
  const batch = { useCase: 0, raw: 0 };
  // Interleaved one write at a time, so drift in machine load hits both sides alike.
  for (let i = 0; i < singles; i++) {
    single.useCase += await timeIt(1, () => services.ingestEvents.execute(anEvent(), CALLER));
    single.raw += await timeIt(1, () => raw.putOne(anEvent()));
  }
  for (let i = 0; i < batches; i++) {
    batch.useCase += await timeIt(1, () => services.ingestEvents.execute({ events: freshEvents(100) }, CALLER));
    batch.raw += await timeIt(1, () => raw.putBatch(freshEvents(100)));
  }
  const perSecond = (events: number, ms: number) => (events * 1000) / ms;
  return [
    { name: 'writer use case, batch 1 (events/s)', value: perSecond(singles, single.useCase), unit: 'ev/s', baseline: perSecond(singles, single.raw), target: 'ratio >= 0.9' },
    { name: 'writer use case, batch 100 (events/s)', value: perSecond(batches * 100, batch.useCase), unit: 'ev/s', baseline: perSecond(batches * 100, batch.raw), target: 'ratio >= 0.9' },
  ];
}

function rawWriter(table: TestTable) {
  // The raw baseline still has to build the item it writes; it skips validation, redaction and the use case.
  const item = (input: ReturnType<typeof anEvent>) =>
    toEventItem({ ...(input as unknown as StoredEvent), contentHash: randomUUID().replace(/-/g, '').padEnd(64, '0'), ingestedAt: new Date().toISOString(), retention: { class: 'application', expiresAt: '2033-01-01T00:00:00.000Z' } });
  const put = (input: ReturnType<typeof anEvent>) => ({
    TableName: table.tableName, Item: item(input), ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  });
  return {
    putOne: (input: ReturnType<typeof anEvent>) => table.documentClient.send(new PutCommand(put(input))),
    putBatch: (inputs: ReturnType<typeof anEvent>[]) =>
      table.documentClient.send(new TransactWriteCommand({ TransactItems: inputs.map((i) => ({ Put: put(i) })) })),
  };
}

/** CPU cost per event of validate + redact + canonicalise + hash, on one core, in µs. */
export async function benchCoreCpu(iterations = 20_000): Promise<BenchRow[]> {
  const events = Array.from({ length: 100 }, (_, i) =>
    anEvent({ metadata: { warehouse: 'WH-KGN-01', requestId: `r-${i}`, password: 'hunter2' }, reason: 'quantity corrected after recount' }));
  const stamp = { eventId: randomUUID(), source: 'bench:writer', ingestedAt: new Date() };
  const now = new Date(Date.parse('2026-11-20T10:16:00.000Z'));
  const work = (i: number) => {
    const { events: [input] } = parseIngestRequest(events[i % events.length], now);
    return buildStoredEvent(input as NonNullable<typeof input>, stamp);
  };
  await timeIt(2_000, work); // warm-up for the JIT
  const ms = await timeIt(iterations, work);
  const hashOnly = await timeIt(iterations, (i) => JSON.stringify(events[i % events.length]));
  return [
    { name: 'core CPU per event (validate+redact+JCS+SHA-256)', value: (ms * 1000) / iterations, unit: 'µs', baseline: (hashOnly * 1000) / iterations, target: '<= 20 µs (baseline: JSON.stringify)' },
  ];
}
