/**
 * Sizes of one typical event as the system stores and logs it, measured by running the
 * real code (buildStoredEvent, toEventItem, securityLineOf) over a representative DMIS
 * record change, so the model follows the item layout and the security line as they change.
 */
import { toEventItem } from '../../lambdas/adapters/dynamodb/event-item';
import { buildStoredEvent } from '../../lambdas/core/build-event';
import type { AuditEventInput, StoredEvent } from '../../lambdas/core/event-schema';
import { securityLineOf } from '../../lambdas/core/monitoring/security-line';
import { measureArchiveBytesPerEvent } from './archive-size';
import { footprintOf, itemSize, SCHEMA_LAYOUT, type EventFootprint, type ProjectionLayout } from './write-units';

// The size rules live with the write-unit calculator; existing readers import them from here.
export { dynamoSize, itemSize } from './write-units';

/** A donation update as DMIS sends it: actor with session and user agent, one field change, metadata. */
export const TYPICAL_EVENT: AuditEventInput = {
  eventId: '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
  occurredAt: '2026-11-20T10:15:30.000Z',
  eventType: 'donation.update',
  actor: { userId: 'officer-17', roles: ['logistics_officer'], sessionId: 's-8c1f', ip: '203.0.113.7', userAgent: 'DMIS-Web/4.2 (Windows NT 10.0)' },
  target: { type: 'donation', id: 'DN-2041' },
  outcome: 'success',
  changes: [{ field: 'quantity', oldValue: 40, newValue: 55 }],
  metadata: { warehouse: 'WH-KGN-01', requestId: 'r-9f2e' },
};

/** Bytes of the typical event in each form the bill depends on. */
export interface EventSizes {
  /** The DynamoDB item, by DynamoDB's size rules (names + values). */
  readonly itemBytes: number;
  /** The stored event as JSON (API request body, archive line before gzip). */
  readonly eventJsonBytes: number;
  /** The security line as JSON. */
  readonly securityLineBytes: number;
  /** The item and its index entries under the table's projections: write units and stored bytes. */
  readonly footprint: EventFootprint;
  /** Bytes one event adds to the archive: its gzipped NDJSON line in a partition object. */
  readonly archiveBytesPerEvent: number;
}

/** The stored event the writer makes of an input (the typical event by default), as DMIS's API role sends it. */
export function typicalStoredEvent(input: AuditEventInput = TYPICAL_EVENT): StoredEvent {
  return buildStoredEvent(input, { eventId: input.eventId ?? TYPICAL_EVENT.eventId!, source: 'arn:aws:sts::111111111111:assumed-role/AuditWriter/dmis-api', ingestedAt: new Date('2026-11-20T10:15:31.000Z') });
}

/** Measures the typical event (or another input) under a projection layout (the schema's by default). */
export function measureEventSizes(input: AuditEventInput = TYPICAL_EVENT, layout: ProjectionLayout = SCHEMA_LAYOUT): EventSizes {
  const event = typicalStoredEvent(input);
  const line = securityLineOf({ kind: 'INSERT', item: { kind: 'event', eventId: event.eventId }, newItem: event as unknown as Record<string, unknown>, byTimeToLive: false, changedAt: event.ingestedAt });
  const item = toEventItem(event);
  return {
    itemBytes: itemSize(item),
    footprint: footprintOf(item, layout),
    archiveBytesPerEvent: measureArchiveBytesPerEvent(),
    eventJsonBytes: Buffer.byteLength(JSON.stringify(event)),
    securityLineBytes: Buffer.byteLength(JSON.stringify(line)),
  };
}
