/** Preparing events and cutting them into requests: at most 100 events and 1 MB a body. */
import { randomUUID } from 'node:crypto';
import type { AuditEventInput, EventDraft } from './event';
import { PayloadTooLargeError } from './errors';
import { MAX_BATCH_EVENTS, MAX_BODY_BYTES } from './event-types';

/** An event ready to send: its id fixed and its JSON computed once, for every attempt and the spool. */
export interface PreparedEvent {
  readonly eventId: string;
  readonly json: string;
  readonly bytes: number;
}

/** `{"events":[` + `]}`. */
const ENVELOPE_BYTES = '{"events":[]}'.length;

/**
 * Fixes the eventId (before the first attempt, so every retry and every replay from the
 * outbox is the same event) and occurredAt (the moment of recording, kept however late it arrives).
 */
export function prepareEvent(draft: EventDraft, now: () => Date = () => new Date()): PreparedEvent {
  const event: AuditEventInput = { ...draft, eventId: draft.eventId ?? randomUUID(), occurredAt: draft.occurredAt ?? now().toISOString() };
  const json = JSON.stringify(event);
  const bytes = Buffer.byteLength(json);
  if (bytes + ENVELOPE_BYTES > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(413, 'payload_too_large', `the event is ${bytes} bytes as JSON; a request may be at most ${MAX_BODY_BYTES}`);
  }
  return { eventId: event.eventId as string, json, bytes };
}

/** The request body for some prepared events. */
export function batchBody(jsons: readonly string[]): string {
  return `{"events":[${jsons.join(',')}]}`;
}

/** Limits of one request. */
export interface BatchLimits {
  /** @default 100 (the API's limit) */
  readonly maxEvents: number;
  /** @default 1 MiB (the API's limit) */
  readonly maxBytes: number;
}

/** The API's own limits. */
export const API_BATCH_LIMITS: BatchLimits = { maxEvents: MAX_BATCH_EVENTS, maxBytes: MAX_BODY_BYTES };

/** Removes and returns the longest prefix of `queue` that fits in one request (always at least one item). */
export function takeBatch<T extends { readonly event: PreparedEvent }>(queue: T[], limits: BatchLimits): T[] {
  let bytes = ENVELOPE_BYTES;
  let count = 0;
  for (const item of queue) {
    const added = item.event.bytes + (count > 0 ? 1 : 0);
    if (count >= limits.maxEvents || (count > 0 && bytes + added > limits.maxBytes)) break;
    bytes += added;
    count++;
  }
  return queue.splice(0, Math.max(count, 1));
}

/** True when the queue already fills a request: send now rather than linger. */
export function isFull(queue: readonly { readonly event: PreparedEvent }[], limits: BatchLimits): boolean {
  if (queue.length >= limits.maxEvents) return true;
  let bytes = ENVELOPE_BYTES;
  for (const item of queue) bytes += item.event.bytes + 1;
  return bytes >= limits.maxBytes;
}
