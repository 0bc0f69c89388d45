/**
 * Translates a DynamoDB stream record (Lambda's event shape) into the domain's
 * TableChange. The local stream poller converts the SDK's GetRecords shape into the same
 * Lambda shape first, so this is the one place stream records are read.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { itemFromAttributes } from './document-client';
import type { DynamoDBRecord } from 'aws-lambda';
import type { TableChange } from '../../core/monitoring/table-change';
import { AUDIT_TABLE, ITEM_KEYS } from './table-schema';

const EVENT_PREFIX = ITEM_KEYS.eventPk('');
/** How a TTL deletion identifies itself in a stream record. */
const TTL_IDENTITY = { type: 'Service', principalId: 'dynamodb.amazonaws.com' } as const;

/** The TableChange a stream record describes; throws on a record without a name or keys. */
export function tableChangeOf(record: DynamoDBRecord): TableChange {
  const kind = record.eventName;
  const rawKeys = record.dynamodb?.Keys;
  if (!kind || !rawKeys) throw new Error('stream record without eventName or Keys');
  const keys = itemFromAttributes(rawKeys as Record<string, AttributeValue>);
  const pk = String(keys[AUDIT_TABLE.partitionKey.name] ?? '');
  const sk = String(keys[AUDIT_TABLE.sortKey.name] ?? '');
  const newImage = record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined;
  const identity = record.userIdentity as { type?: string; principalId?: string } | undefined;
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    kind,
    item: pk.startsWith(EVENT_PREFIX)
      ? { kind: 'event', eventId: pk.slice(EVENT_PREFIX.length) }
      : { kind: 'other', key: `${pk}/${sk}` },
    ...(newImage ? { newItem: itemFromAttributes(withTypedEmptyMaps(newImage)) } : {}),
    byTimeToLive: identity?.type === TTL_IDENTITY.type && identity.principalId === TTL_IDENTITY.principalId,
    changedAt: new Date(created === undefined ? Date.now() : created * 1000).toISOString(),
  };
}

/**
 * The image with every untyped empty attribute value (`{}`) read as an empty map.
 * Real DynamoDB Streams send an empty map as `{"M": {}}` (the stream AttributeValue always
 * names its type: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_AttributeValue.html),
 * but DynamoDB Local's GetRecords sends a bare `{}` for it, on the wire and through the
 * SDK, which `unmarshall` rejects. Every other type carries a key even when empty
 * (`{"L": []}`, `{"S": ""}`), so `{}` can only be an empty map. Recursion is bounded:
 * DynamoDB refuses items nested deeper than 32 levels.
 */
export function withTypedEmptyMaps(image: Record<string, AttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, typed(value)]));
}

function typed(value: AttributeValue): AttributeValue {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M) return { M: withTypedEmptyMaps(value.M) };
  if (value.L) return { L: value.L.map(typed) };
  return value;
}
