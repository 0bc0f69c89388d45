/**
 * Sizes of one typical event as the system stores and logs it, measured by running the
 * real code (buildStoredEvent, toEventItem, securityLineOf) over a representative DMIS
 * record change, so the model follows the item layout and the security line as they change.
 */
import { toEventItem } from '../../lambdas/adapters/dynamodb/event-item';
import { buildStoredEvent } from '../../lambdas/core/build-event';
import type { AuditEventInput } from '../../lambdas/core/event-schema';
import { securityLineOf } from '../../lambdas/core/monitoring/security-line';

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
}

/** Measures the typical event (or another input). */
export function measureEventSizes(input: AuditEventInput = TYPICAL_EVENT): EventSizes {
  const event = buildStoredEvent(input, { eventId: input.eventId ?? TYPICAL_EVENT.eventId!, source: 'arn:aws:sts::111111111111:assumed-role/AuditWriter/dmis-api', ingestedAt: new Date('2026-11-20T10:15:31.000Z') });
  const line = securityLineOf({ kind: 'INSERT', item: { kind: 'event', eventId: event.eventId }, newItem: event as unknown as Record<string, unknown>, byTimeToLive: false, changedAt: event.ingestedAt });
  return {
    itemBytes: itemSize(toEventItem(event)),
    eventJsonBytes: Buffer.byteLength(JSON.stringify(event)),
    securityLineBytes: Buffer.byteLength(JSON.stringify(line)),
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
