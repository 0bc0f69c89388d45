import { randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { toEventItem } from '../lambdas/adapters/dynamodb/event-item';
import { buildStoredEvent } from '../lambdas/core/build-event';
import type { AuditEventInput } from '../lambdas/core/event-schema';
import type { TestTable } from '../test/setup/table';

/** Shape of the loaded data: DMIS-like volumes over one month. */
export const LOAD_SHAPE = {
  days: 30,
  end: '2026-11-20T00:00:00.000Z',
  actors: 2000,
  targets: 20000,
  /** Share of events that are failed logins. */
  failedLoginShare: 0.05,
} as const;

const TYPES = ['auth.login.success', 'auth.logout', 'donation.update', 'donation.create', 'dispatch.create', 'relief_request.update', 'authz.access.denied', 'account.update'];
const WRITERS = 16;
const BATCH = 25;

/** The i-th synthetic event (deterministic apart from its eventId). */
export function syntheticEvent(i: number): AuditEventInput {
  const spanMs = LOAD_SHAPE.days * 86_400_000;
  // Multiplicative hashing spreads consecutive i over the whole month.
  const occurredAt = new Date(Date.parse(LOAD_SHAPE.end) - 1 - ((i * 2654435761) % spanMs)).toISOString();
  const failedLogin = (i * 40503) % 100 < LOAD_SHAPE.failedLoginShare * 100;
  const eventType = failedLogin ? 'auth.login.failure' : (TYPES[i % TYPES.length] as string);
  return {
    eventId: randomUUID(),
    occurredAt,
    eventType,
    actor: { userId: `user-${(i * 31) % LOAD_SHAPE.actors}`, ip: `10.0.${i % 250}.${(i >> 8) % 250}` },
    target: { type: 'donation', id: `DN-${(i * 17) % LOAD_SHAPE.targets}` },
    outcome: failedLogin ? 'failure' : eventType === 'authz.access.denied' ? 'denied' : 'success',
    metadata: { warehouse: `WH-${i % 12}`, requestId: `r-${i}` },
  };
}

/**
 * Loads `count` stored events (built and hashed by the real code) straight into the
 * table with BatchWriteItem, 16 writers in parallel: loading is set-up, not the thing measured.
 */
export async function loadEvents(table: TestTable, count: number, onProgress?: (done: number) => void): Promise<number> {
  const start = Date.now();
  let next = 0;
  let done = 0;
  const ingestedAt = new Date(LOAD_SHAPE.end);
  const writer = async () => {
    for (let from = (next += BATCH) - BATCH; from < count; from = (next += BATCH) - BATCH) {
      const items = [];
      for (let i = from; i < Math.min(count, from + BATCH); i++) {
        const input = syntheticEvent(i);
        items.push(toEventItem(buildStoredEvent(input, { eventId: input.eventId as string, source: 'bench:loader', ingestedAt })));
      }
      await writeAll(table, items);
      done += items.length;
      onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  return Date.now() - start;
}

async function writeAll(table: TestTable, items: Record<string, unknown>[]): Promise<void> {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 10) throw new Error('DynamoDB Local kept items unprocessed');
    const out = await table.documentClient.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: pending } }));
    pending = (out.UnprocessedItems?.[table.tableName] ?? []) as typeof pending;
  }
}
