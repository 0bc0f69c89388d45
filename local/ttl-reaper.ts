/**
 * DynamoDB's TTL expiry, for DynamoDB Local, which keeps every item forever. On AWS the
 * service deletes an event item some time after its `expiresAtEpoch` (the end of its hot
 * window, core/hot-window.ts); locally this reaper does the same on a timer, and on demand
 * (`reapNow`) so tests can watch events leave the table for the archive. It deletes event
 * items only, and only once expired: each delete is conditional on the TTL attribute, so
 * no other item (blocks, markers) and no live event can be removed by it.
 */
import { DeleteCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AUDIT_TABLE, ITEM_KEYS } from '../lambdas/adapters/dynamodb/table-schema';

/** How often the timer looks for expired events. */
export const REAP_INTERVAL_MS = 30_000;

/** The running reaper. */
export interface TtlReaper {
  readonly name: string;
  stop(): Promise<void>;
  /** Deletes every event item expired at this moment; resolves with how many it deleted. */
  reapNow(): Promise<number>;
}

/**
 * The items this process's reapers deleted (`<table>/<pk>`), so the local stream reader can
 * mark their REMOVE records as DynamoDB's TTL marks its own (userIdentity Service,
 * dynamodb.amazonaws.com): the stream processor tells an expiry from a deletion by that
 * alone, and DynamoDB Local records no identity. Bounded: the oldest names are forgotten.
 */
const reaped = new Set<string>();
const MAX_REMEMBERED = 200_000;

/** True when a local reaper deleted the item with partition key `pk` from `tableName`. */
export function wasReapedLocally(tableName: string, pk: string): boolean {
  return reaped.has(`${tableName}/${pk}`);
}

function remember(tableName: string, pk: string): void {
  reaped.add(`${tableName}/${pk}`);
  if (reaped.size > MAX_REMEMBERED) reaped.delete(reaped.values().next().value as string);
}

const TTL = AUDIT_TABLE.timeToLiveAttribute;
const PK = AUDIT_TABLE.partitionKey.name;
const SK = AUDIT_TABLE.sortKey.name;

/** Starts the timer over `tableName`; `clock` stands in for the service's own clock. */
export function startTtlReaper(options: {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly intervalMs?: number;
  readonly clock?: () => Date;
}): TtlReaper {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<number> | undefined;
  const reapNow = () => {
    // One pass at a time: a timer tick during an on-demand pass joins it.
    running ??= deleteExpiredEventItems(options.documentClient, options.tableName, Math.floor(clock().getTime() / 1000))
      .finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void reapNow().catch((error: unknown) => console.error('local runtime: ttl reaper failed', error)), options.intervalMs ?? REAP_INTERVAL_MS);
  timer.unref();
  return {
    name: 'ttl-reaper',
    reapNow,
    stop: async () => {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}

/** Deletes the event items whose TTL attribute is at or before `nowEpoch`. */
export async function deleteExpiredEventItems(client: DynamoDBDocumentClient, tableName: string, nowEpoch: number): Promise<number> {
  const eventPrefix = ITEM_KEYS.eventPk('');
  const names = { '#pk': PK, '#sk': SK, '#ttl': TTL };
  let deleted = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({
      TableName: tableName,
      ProjectionExpression: '#pk, #sk',
      FilterExpression: 'begins_with(#pk, :event) AND #sk = :eventSk AND #ttl <= :now',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':event': eventPrefix, ':eventSk': ITEM_KEYS.eventSk, ':now': nowEpoch },
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }));
    for (const key of page.Items ?? []) {
      remember(tableName, String(key[PK]));
      await client.send(new DeleteCommand({
        TableName: tableName,
        Key: { [PK]: key[PK], [SK]: key[SK] },
        ConditionExpression: '#ttl <= :now',
        ExpressionAttributeNames: { '#ttl': TTL },
        ExpressionAttributeValues: { ':now': nowEpoch },
      }));
      deleted += 1;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return deleted;
}
