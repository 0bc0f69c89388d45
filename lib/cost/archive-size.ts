/**
 * Bytes one event adds to the archive, measured: representative events of a busy minute
 * (several actors, record types and event types, as DMIS sends them) built by the real
 * code, written one JSON line each and gzipped, as the sealer writes a partition object.
 */
import { gzipSync } from 'node:zlib';
import { buildStoredEvent } from '../../lambdas/core/build-event';
import type { AuditEventInput } from '../../lambdas/core/event-schema';

/** Events of one partition object at 10 M events a month: about 230 a minute. */
export const EVENTS_PER_OBJECT = 230;

const SOURCE = 'arn:aws:sts::111111111111:assumed-role/AuditWriter/dmis-api';
const TYPES = ['donation.update', 'dispatch.create', 'relief_request.update', 'transfer.create', 'auth.login.success', 'auth.login.failure'];
const RECORDS = ['donation', 'dispatch', 'relief_request', 'transfer'];

/** The i-th representative event: a record change or a sign-in, from one of 40 officers. */
export function representativeEvent(i: number): AuditEventInput {
  const eventType = TYPES[i % TYPES.length] as string;
  const login = eventType.startsWith('auth.');
  const hex = i.toString(16).padStart(12, '0');
  return {
    eventId: `6f1c2a8e-3b4d-4e5f-8a9b-${hex}`,
    occurredAt: new Date(Date.UTC(2026, 10, 20, 10, 15, 0, i * 250)).toISOString(),
    eventType,
    actor: { userId: `officer-${i % 40}`, roles: ['logistics_officer'], sessionId: `s-${(i * 7919).toString(16)}`, ip: `203.0.113.${i % 250}`, userAgent: 'DMIS-Web/4.2 (Windows NT 10.0)' },
    ...(login ? {} : { target: { type: RECORDS[i % RECORDS.length] as string, id: `DN-${2000 + i}` } }),
    outcome: eventType.endsWith('failure') ? 'failure' : 'success',
    ...(login ? {} : { changes: [{ field: 'quantity', oldValue: 40 + i, newValue: 55 + i }] }),
    metadata: { warehouse: `WH-KGN-0${i % 5}`, requestId: `r-${(i * 104729).toString(16)}` },
  };
}

/** Gzipped NDJSON bytes per event of one partition object of `count` representative events. */
export function measureArchiveBytesPerEvent(count = EVENTS_PER_OBJECT): number {
  const lines = Array.from({ length: count }, (_, i) => {
    const input = representativeEvent(i);
    const ingestedAt = new Date(Date.parse(input.occurredAt) + 800);
    return JSON.stringify(buildStoredEvent(input, { eventId: input.eventId as string, source: SOURCE, ingestedAt }));
  });
  return gzipSync(`${lines.join('\n')}\n`).byteLength / count;
}
