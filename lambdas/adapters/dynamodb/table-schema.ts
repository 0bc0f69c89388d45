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

/** One global secondary index (projection ALL: queries never need a second read). */
export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  /** Which query in DESIGN.md it serves. */
  readonly serves: string;
}

/**
 * Writes to the time and ingest indexes are spread over this many partitions, so no
 * single partition takes a whole day's or minute's events at DMIS peak load.
 * Readers query every shard and merge. Changing it changes every stored key: never do.
 */
export const SHARD_COUNT = 8;

export const AUDIT_TABLE = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  /** Epoch seconds after which DynamoDB's TTL may remove the item (end of retention). */
  timeToLiveAttribute: 'expiresAtEpoch',
  indexes: [
    {
      indexName: 'byActor',
      partitionKey: { name: 'actorKey', type: 'S' },
      sortKey: { name: 'timeKey', type: 'S' },
      serves: 'events of one actor (userId), newest first',
    },
    {
      indexName: 'byTarget',
      partitionKey: { name: 'targetKey', type: 'S' },
      sortKey: { name: 'timeKey', type: 'S' },
      serves: 'events of one target record (type#id), newest first',
    },
    {
      indexName: 'byType',
      partitionKey: { name: 'typeKey', type: 'S' },
      sortKey: { name: 'timeKey', type: 'S' },
      serves: 'events of one event type in one UTC month (eventType#YYYY-MM)',
    },
    {
      indexName: 'byTime',
      partitionKey: { name: 'dayKey', type: 'S' },
      sortKey: { name: 'timeKey', type: 'S' },
      serves: 'all events of one UTC day by occurredAt (YYYY-MM-DD#shard)',
    },
    {
      indexName: 'byIngest',
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
];
