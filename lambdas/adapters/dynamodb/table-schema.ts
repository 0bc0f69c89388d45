/**
 * The audit table's keys and indexes: the one definition used by the CDK construct
 * (lib/constructs/audit-table.ts) and by the local runtime's table creation.
 * Pure data: no AWS SDK import, so CDK code and tests can read it freely.
 */

/** Attribute type of a key attribute, as DynamoDB names it. */
export type KeyAttributeType = 'S' | 'N';

/** One key attribute. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyAttributeType;
}

/**
 * What an index copies of each item besides the keys (the table's and its own). Every
 * index entry is billed as a write of its own size, so an index projects only what its
 * queries filter on; the page's events are then read from the table by key.
 */
export type IndexProjection =
  | { readonly type: 'KEYS_ONLY' }
  | { readonly type: 'INCLUDE'; readonly attributes: readonly string[] };

/** One global secondary index. */
export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly projection: IndexProjection;
  /** Which query in DESIGN.md it serves. */
  readonly serves: string;
}

/**
 * The event fields a search's residual filter reads (dynamodb-event-query.ts): projected
 * into the search indexes so a FilterExpression drops rows before the second read.
 * `ipKey` serves a search by IP address.
 */
export const SEARCH_FILTER_ATTRIBUTES = ['eventType', 'category', 'outcome', 'severity', 'actor', 'target', 'ipKey'] as const;

const SEARCH_PROJECTION: IndexProjection = { type: 'INCLUDE', attributes: SEARCH_FILTER_ATTRIBUTES };
/** The sealer reads every event of a minute whole, so its index only lists their keys. */
const KEYS_ONLY: IndexProjection = { type: 'KEYS_ONLY' };

/**
 * Writes to the time and ingest indexes are spread over this many partitions, so no
 * single partition takes a whole day's or minute's events at DMIS peak load.
 * Readers query every shard and merge. Changing it changes every stored key: never do.
 */
export const SHARD_COUNT = 8;

export const AUDIT_TABLE = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  /** Epoch seconds after which DynamoDB's TTL may remove the item (end of its hot window, or of its retention if sooner). */
  timeToLiveAttribute: 'expiresAtEpoch',
  indexes: [
    {
      indexName: 'byActor',
      projection: SEARCH_PROJECTION,
      partitionKey: { name: 'actorKey', type: 'S' },
      sortKey: { name: 'timeKey', type: 'S' },
      serves: 'events of one actor (userId), newest first',
    },
    {
      indexName: 'byTarget',
      projection: SEARCH_PROJECTION,
      partitionKey: { name: 'targetKey', type: 'S' },
      sortKey: { name: 'timeKey', type: 'S' },
      serves: 'events of one target record (type#id), newest first',
    },
    {
      indexName: 'byType',
      projection: SEARCH_PROJECTION,
      partitionKey: { name: 'typeKey', type: 'S' },
      sortKey: { name: 'timeKey', type: 'S' },
      serves: 'events of one event type in one UTC month (eventType#YYYY-MM)',
    },
    {
      indexName: 'byTime',
      projection: SEARCH_PROJECTION,
      partitionKey: { name: 'dayKey', type: 'S' },
      sortKey: { name: 'timeKey', type: 'S' },
      serves: 'all events of one UTC day by occurredAt (YYYY-MM-DD#shard)',
    },
    {
      indexName: 'byIngest',
      projection: KEYS_ONLY,
      partitionKey: { name: 'ingestKey', type: 'S' },
      sortKey: { name: 'ingestSortKey', type: 'S' },
      serves: 'events ingested in one UTC minute, for the sealer (YYYY-MM-DDTHH:MM#shard)',
    },
  ],
} as const satisfies {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  timeToLiveAttribute: string;
  indexes: readonly IndexDefinition[];
};

/** Index names, a closed set. */
export type AuditIndexName = (typeof AUDIT_TABLE.indexes)[number]['indexName'];

/** Item kinds by partition-key prefix. Events: `EVENT#<eventId>` / `EVENT`. Blocks: `BLOCK` / zero-padded seq. */
export const ITEM_KEYS = {
  eventPk: (eventId: string) => `EVENT#${eventId}`,
  eventSk: 'EVENT',
  blockPk: 'BLOCK',
  blockSk: (seq: number) => String(seq).padStart(12, '0'),
} as const;

/** Attributes that exist only for storage; stripped before an event leaves the store. */
export const STORAGE_ONLY_ATTRIBUTES: readonly string[] = [
  AUDIT_TABLE.partitionKey.name,
  AUDIT_TABLE.sortKey.name,
  AUDIT_TABLE.timeToLiveAttribute,
  ...new Set(AUDIT_TABLE.indexes.flatMap((i) => [i.partitionKey.name, i.sortKey.name])),
  // The blind index of a sealed actor.ip (event-item.ts), for search by IP.
  'ipKey',
];
