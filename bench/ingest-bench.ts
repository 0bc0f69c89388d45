import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { buildAuditServices } from '../lambdas/composition/audit-services';
import { toEventItem } from '../lambdas/adapters/dynamodb/event-item';
import { buildStoredEvent } from '../lambdas/core/build-event';
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
    single.raw += await timeIt(1, raw.putOne(anEvent()));
  }
  for (let i = 0; i < batches; i++) {
    batch.useCase += await timeIt(1, () => services.ingestEvents.execute({ events: freshEvents(100) }, CALLER));
    batch.raw += await timeIt(1, raw.putBatch(freshEvents(100)));
  }
  const perSecond = (events: number, ms: number) => (events * 1000) / ms;
  return [
    { name: 'writer use case, batch 1 (events/s)', value: perSecond(singles, single.useCase), unit: 'ev/s', baseline: perSecond(singles, single.raw), target: 'ratio >= 0.9' },
    { name: 'writer use case, batch 100 (events/s)', value: perSecond(batches * 100, batch.useCase), unit: 'ev/s', baseline: perSecond(batches * 100, batch.raw), target: 'ratio >= 0.9' },
  ];
}

/**
 * The baseline writes the same items the use case writes (built and hashed before the
 * clock starts), with the same request: a conditional put returning the old item.
 */
function rawWriter(table: TestTable) {
  const itemOf = (input: ReturnType<typeof anEvent>) =>
    toEventItem(buildStoredEvent(input, { eventId: input.eventId ?? randomUUID(), source: CALLER.principal, ingestedAt: new Date() }));
  const put = (Item: Record<string, unknown>) => ({
    TableName: table.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  });
  return {
    putOne: (input: ReturnType<typeof anEvent>) => {
      const command = new PutCommand(put(itemOf(input)));
      return () => table.documentClient.send(command);
    },
    putBatch: (inputs: ReturnType<typeof anEvent>[]) => {
      const command = new TransactWriteCommand({ TransactItems: inputs.map((i) => ({ Put: put(itemOf(i)) })) });
      return () => table.documentClient.send(command);
    },
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
