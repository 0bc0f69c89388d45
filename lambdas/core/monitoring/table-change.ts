/**
 * What the monitoring domain receives: one change of the audit table, as the table's stream
 * reports it, with no AWS types (the DynamoDB stream adapter builds it).
 */

/** Kinds of change a table stream reports. */
export type TableChangeKind = 'INSERT' | 'MODIFY' | 'REMOVE';

/** One change of the audit table, as the stream reports it, with no AWS types. */
export interface TableChange {
  readonly kind: TableChangeKind;
  /** Which item changed: an audit event (by eventId) or anything else (a block: its key, flattened). */
  readonly item:
    { readonly kind: 'event'; readonly eventId: string } | { readonly kind: 'other'; readonly key: string };
  /** The new image, unmarshalled; absent for REMOVE (the stream is NEW_IMAGE only). */
  readonly newItem?: Readonly<Record<string, unknown>>;
  /** True when DynamoDB's own TTL expiry made the change (userIdentity Service / dynamodb.amazonaws.com). */
  readonly byTimeToLive: boolean;
  /** When the change happened (the stream's approximate creation time), ISO 8601. */
  readonly changedAt: string;
}
