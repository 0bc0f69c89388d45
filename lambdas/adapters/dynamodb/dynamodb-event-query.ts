import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StoredEvent } from '../../core/event-schema';
import { severitiesAtLeast } from '../../core/query/event-filter';
import type { EventIndexReader, IndexSegment, Position, SegmentRead } from '../../core/query/ports';
import { fromEventItem, timeKey } from './event-item';
import { itemsByKey } from './items-by-key';
import { mergeNewestFirst } from './merge-newest-first';
import { translateStoreError } from './store-errors';
import { SHARD_COUNT, type AuditIndexName } from './table-schema';

/** One index partition to query. */
interface Partition {
  readonly indexName: AuditIndexName;
  readonly keyName: string;
  readonly keyValue: string;
}

/**
 * The search port on DynamoDB: Query on the byActor, byTarget, byType and byTime GSIs
 * (never Scan), newest first, with every sharded partition of a segment queried in
 * parallel and merged by (occurredAt, eventId). Filters the key does not cover go into a
 * FilterExpression; the core re-checks every row and evaluates `q` itself. The indexes
 * project only the filtered fields (table-schema.ts), so each page's events are then read
 * whole from the table in one BatchGetItem.
 */
export class DynamoDbEventQuery implements EventIndexReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  read(request: SegmentRead): AsyncIterable<StoredEvent> {
    const sources = partitionsOf(request.segment).map((p) => {
      const stop: { at?: string } = {};
      return { rows: this.queryPartition(p, request, stop), stop };
    });
    return mergeNewestFirst(sources, (key) => request.onStop?.(positionOfKey(key)));
  }

  private async *queryPartition(
    partition: Partition,
    request: SegmentRead,
    stop: { at?: string },
  ): AsyncGenerator<StoredEvent> {
    const input = queryInput(this.tableName, partition, request);
    const skip = request.before ? timeKey(request.before.occurredAt, request.before.eventId) : undefined;
    let startKey: Record<string, unknown> | undefined;
    do {
      // The first page of a partition is always read, so every request makes progress.
      if (startKey && request.budget?.exhausted) return void (stop.at = String(startKey.timeKey));
      request.budget?.chargeQuery();
      const page = await this.client
        .send(new QueryCommand({ ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }))
        .catch((error: unknown) => Promise.reject(translateStoreError(error)));
      request.budget?.chargeItems(page.ScannedCount ?? page.Items?.length ?? 0);
      // BETWEEN is inclusive, so the cursor's own row comes back once: drop it.
      const rows = (page.Items ?? []).filter((item) => item.timeKey !== skip);
      const items = await itemsByKey(this.client, this.tableName, rows).catch((error: unknown) =>
        Promise.reject(translateStoreError(error)),
      );
      for (const item of items) yield fromEventItem(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
}

/** The index partitions holding a segment. */
export function partitionsOf(segment: IndexSegment): Partition[] {
  switch (segment.kind) {
    case 'actor':
      return [{ indexName: 'byActor', keyName: 'actorKey', keyValue: segment.actor }];
    case 'target':
      return [{ indexName: 'byTarget', keyName: 'targetKey', keyValue: `${segment.targetType}#${segment.targetId}` }];
    case 'type':
      return segment.eventTypes.map((t) => ({ indexName: 'byType', keyName: 'typeKey', keyValue: `${t}#${segment.month}` }));
    case 'day':
      return Array.from({ length: SHARD_COUNT }, (_, shard) => ({
        indexName: 'byTime', keyName: 'dayKey', keyValue: `${segment.day}#${shard}`,
      }));
  }
}

function queryInput(tableName: string, partition: Partition, request: SegmentRead): QueryCommandInput {
  const names: Record<string, string> = { '#pk': partition.keyName };
  const values: Record<string, unknown> = { ':pk': partition.keyValue };
  let condition = '#pk = :pk';
  const upper = minDefined(request.to, request.before && timeKey(request.before.occurredAt, request.before.eventId));
  if (request.from !== undefined) values[':lo'] = request.from;
  if (upper !== undefined) values[':hi'] = upper;
  if (request.from !== undefined || upper !== undefined) names['#sk'] = 'timeKey';
  if (request.from !== undefined && upper !== undefined) condition += ' AND #sk BETWEEN :lo AND :hi';
  else if (request.from !== undefined) condition += ' AND #sk >= :lo';
  else if (upper !== undefined) condition += ' AND #sk < :hi';
  const filter = residualFilter(request, names, values);
  return {
    TableName: tableName,
    IndexName: partition.indexName,
    KeyConditionExpression: condition,
    ...(filter ? { FilterExpression: filter } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
    Limit: request.pageSize,
  };
}

/** The FilterExpression for the filters the partition key does not already apply. */
function residualFilter(request: SegmentRead, names: Record<string, string>, values: Record<string, unknown>): string | undefined {
  const f = request.filters;
  const kind = request.segment.kind;
  const parts: string[] = [];
  const eq = (path: string[], value: string, placeholder: string) => {
    path.forEach((p) => (names[`#${p}`] = p));
    values[placeholder] = value;
    parts.push(`${path.map((p) => `#${p}`).join('.')} = ${placeholder}`);
  };
  if (f.actor !== undefined && kind !== 'actor') eq(['actor', 'userId'], f.actor, ':actor');
  if (f.targetType !== undefined && kind !== 'target') eq(['target', 'type'], f.targetType, ':targetType');
  if (f.targetId !== undefined && kind !== 'target') eq(['target', 'id'], f.targetId, ':targetId');
  if (f.eventType !== undefined && kind !== 'type') eq(['eventType'], f.eventType, ':eventType');
  if (f.eventTypePrefix !== undefined && kind !== 'type') {
    names['#eventType'] = 'eventType';
    values[':eventTypePrefix'] = f.eventTypePrefix;
    parts.push('begins_with(#eventType, :eventTypePrefix)');
  }
  if (f.category !== undefined) eq(['category'], f.category, ':category');
  if (f.outcome !== undefined) eq(['outcome'], f.outcome, ':outcome');
  if (f.minSeverity !== undefined) {
    const levels = severitiesAtLeast(f.minSeverity);
    names['#severity'] = 'severity';
    levels.forEach((s, i) => (values[`:sev${i}`] = s));
    parts.push(`#severity IN (${levels.map((_, i) => `:sev${i}`).join(', ')})`);
  }
  if (f.ip !== undefined) {
    // A sealed actor.ip is matched by the item's ipKey (its blind index); one stored in clear by its spelling.
    Object.assign(names, { '#ipKey': 'ipKey', '#actor': 'actor', '#ip': 'ip' });
    values[':ipKey'] = f.ip.blind;
    f.ip.addresses.forEach((a, i) => (values[`:ip${i}`] = a));
    parts.push(`(#ipKey = :ipKey OR #actor.#ip IN (${f.ip.addresses.map((_, i) => `:ip${i}`).join(', ')}))`);
  }
  return parts.length > 0 ? parts.join(' AND ') : undefined;
}

/** The position a timeKey (`occurredAt#eventId`) names. */
function positionOfKey(key: string): Position {
  const at = key.indexOf('#');
  return { occurredAt: key.slice(0, at), eventId: key.slice(at + 1) };
}

function minDefined(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

