/**
 * What one event costs to write and keep in the table, index by index, by DynamoDB's
 * documented rules (DynamoDB Local's reported capacity leaves out a transaction's index
 * writes and sizes items its own way, so the figures are computed, not read back): a standard write costs one write unit per started
 * KB of the item written, at least one; each global secondary index writes its own entry
 * (table keys, index keys, projected attributes) and is billed for it the same way; a
 * write inside TransactWriteItems costs twice. Storage adds 100 bytes per item and per index entry.
 */
import { AUDIT_TABLE, type AuditIndexName, type IndexProjection } from '../../lambdas/adapters/dynamodb/table-schema';

/** An index projection, including ALL (every attribute), which the schema no longer uses. */
export type AnyProjection = IndexProjection | { readonly type: 'ALL' };

/** Projections by index: the schema's own, or another layout to compare with. */
export type ProjectionLayout = Readonly<Record<AuditIndexName, AnyProjection>>;

/** The schema's projections (table-schema.ts). */
export const SCHEMA_LAYOUT: ProjectionLayout = Object.fromEntries(
  AUDIT_TABLE.indexes.map((i) => [i.indexName, i.projection]),
) as Record<AuditIndexName, AnyProjection>;

/** Every index projecting ALL: the layout before the lean projections. */
export const ALL_LAYOUT: ProjectionLayout = Object.fromEntries(
  AUDIT_TABLE.indexes.map((i) => [i.indexName, { type: 'ALL' }]),
) as Record<AuditIndexName, AnyProjection>;

/** Storage overhead DynamoDB bills per item and per index entry. */
export const STORAGE_OVERHEAD_BYTES = 100;

/** Write units of one standard write of `bytes`: one per started KB, at least one. */
export function writeUnitsOf(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1024));
}

/** Write units of the same write inside TransactWriteItems. */
export function transactionalWriteUnitsOf(bytes: number): number {
  return 2 * writeUnitsOf(bytes);
}

/** One copy of the event: the table item or an index entry. */
export interface StoredCopy {
  /** `table` or the index name. */
  readonly name: string;
  readonly bytes: number;
  readonly writeUnits: number;
}

/** The event's copies and their sum. */
export interface EventFootprint {
  readonly copies: readonly StoredCopy[];
  /** Write units of one standard PutItem, table and indexes. */
  readonly writeUnits: number;
  /** Write units when the event is written in a batch (one TransactWriteItems). */
  readonly batchWriteUnits: number;
  /** Bytes billed for storage, overhead included. */
  readonly storedBytes: number;
}

/**
 * The index entry an item produces, or undefined when the item lacks the index's keys
 * (a sparse index: events without a target have no byTarget entry).
 */
export function indexEntryOf(item: Record<string, unknown>, indexName: AuditIndexName, projection: AnyProjection): Record<string, unknown> | undefined {
  const index = AUDIT_TABLE.indexes.find((i) => i.indexName === indexName);
  if (!index) throw new Error(`no index ${indexName} in the table schema`);
  if (item[index.partitionKey.name] === undefined || item[index.sortKey.name] === undefined) return undefined;
  if (projection.type === 'ALL') return item;
  const names: string[] = [AUDIT_TABLE.partitionKey.name, AUDIT_TABLE.sortKey.name, index.partitionKey.name, index.sortKey.name];
  if (projection.type === 'INCLUDE') names.push(...projection.attributes);
  return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]]));
}

/** The footprint of one event item under a projection layout. */
export function footprintOf(item: Record<string, unknown>, layout: ProjectionLayout = SCHEMA_LAYOUT): EventFootprint {
  const tableBytes = itemSize(item);
  const copies: StoredCopy[] = [{ name: 'table', bytes: tableBytes, writeUnits: writeUnitsOf(tableBytes) }];
  for (const index of AUDIT_TABLE.indexes) {
    const entry = indexEntryOf(item, index.indexName, layout[index.indexName]);
    if (!entry) continue;
    const bytes = itemSize(entry);
    copies.push({ name: index.indexName, bytes, writeUnits: writeUnitsOf(bytes) });
  }
  const indexUnits = copies.slice(1).reduce((n, c) => n + c.writeUnits, 0);
  return {
    copies,
    writeUnits: copies.reduce((n, c) => n + c.writeUnits, 0),
    // Assumption: only the table write is transactional; index entries follow as standard writes.
    batchWriteUnits: transactionalWriteUnitsOf(tableBytes) + indexUnits,
    storedBytes: copies.reduce((n, c) => n + c.bytes + STORAGE_OVERHEAD_BYTES, 0),
  };
}

/** An item's size: the sum of its attributes (the item itself is not a nested map). */
export function itemSize(item: Record<string, unknown>): number {
  return dynamoSize(item) - 3 - Object.keys(item).length;
}

/**
 * DynamoDB's item size: UTF-8 names plus values; numbers about 1 byte per 2 digits + 1;
 * maps and lists 3 bytes + 1 per element on top of their contents.
 */
export function dynamoSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + dynamoSize(v), 0);
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return 3 + entries.reduce((n, [k, v]) => n + 1 + Buffer.byteLength(k) + dynamoSize(v), 0);
}
