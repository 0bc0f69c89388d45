/**
 * The second read behind the lean indexes (table-schema.ts projections): an index query
 * yields keys, and the events are read whole from the table with BatchGetItem.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ThrottledError } from '../../core/errors';
import { AUDIT_TABLE } from './table-schema';

/** BatchGetItem's limit of keys per request. */
const KEYS_PER_BATCH = 100;
/** Unprocessed keys (throttling) are asked for again this often before the read fails. */
const MAX_ATTEMPTS = 8;

const PK = AUDIT_TABLE.partitionKey.name;
const SK = AUDIT_TABLE.sortKey.name;

/**
 * The table items with the table keys of `indexItems`, in the same order. Strongly
 * consistent: an event an index already lists is in the table. An item gone in between
 * (expired by TTL) is left out.
 */
export async function itemsByKey(
  client: DynamoDBDocumentClient,
  tableName: string,
  indexItems: readonly Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const found = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < indexItems.length; i += KEYS_PER_BATCH) {
    const keys = indexItems.slice(i, i + KEYS_PER_BATCH).map((item) => ({ [PK]: item[PK], [SK]: item[SK] }));
    for (const item of await batchGet(client, tableName, keys)) found.set(keyOf(item), item);
  }
  return indexItems.flatMap((item) => {
    const whole = found.get(keyOf(item));
    return whole ? [whole] : [];
  });
}

async function batchGet(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let pending = keys;
  for (let attempt = 1; pending.length > 0; attempt++) {
    // Keys left unprocessed this often mean sustained throttling: a 429, retried by the caller.
    if (attempt > MAX_ATTEMPTS) throw new ThrottledError();
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
    const answer = await client.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
    );
    items.push(...(answer.Responses?.[tableName] ?? []));
    pending = (answer.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
  }
  return items;
}

function keyOf(item: Record<string, unknown>): string {
  return `${String(item[PK])}\u0000${String(item[SK])}`;
}
