import { createHash } from 'node:crypto';
import { lookupEventType, RETENTION_DAYS, type RetentionClass } from './catalogue';
import { canonicalHash } from './canonical';
import { contentHashOf } from './content-hash';
import type { AuditEvent, AuditEventInput, StoredEvent } from './event-schema';
import type { EventSealer } from './privacy/personal-data-sealer';
import { isSecretKey, Redactor } from './redaction';

const DAY_MS = 86_400_000;

/** Server-side facts stamped on every event. */
export interface Stamp {
  readonly eventId: string;
  readonly source: string;
  readonly ingestedAt: Date;
}

/**
 * Turns a validated input into the event that is stored: redacted, normalised
 * (occurredAt to millisecond ISO form so stored keys sort), catalogue defaults applied,
 * server fields stamped, personal values sealed when a sealer is given, and hashed.
 */
export function buildStoredEvent(input: AuditEventInput, stamp: Stamp, seal?: EventSealer): StoredEvent {
  const entry = lookupEventType(input.eventType, input.category);
  if (!entry) throw new TypeError('eventType must be validated before building the event');
  const redactor = new Redactor();
  // Built by assignment, optional fields only when present: this is the writer's hot path,
  // and the stored, hashed and returned forms must never hold an undefined field.
  const event: Record<string, unknown> = {
    schemaVersion: 1,
    eventId: stamp.eventId,
    occurredAt: new Date(input.occurredAt).toISOString(),
    eventType: input.eventType,
    category: entry.category,
    severity: input.severity ?? entry.severity,
    action: input.action ?? entry.action,
    actor: redactActor(input.actor, redactor),
    outcome: input.outcome,
    redactedPaths: redactor.paths,
    source: stamp.source,
    ingestedAt: stamp.ingestedAt.toISOString(),
    retention: retentionOf(entry.retention, stamp.ingestedAt),
  };
  if (input.target !== undefined) event.target = input.target;
  if (input.reason !== undefined) event.reason = redactor.text(input.reason, 'reason');
  if (input.previousState !== undefined) event.previousState = redactor.value(input.previousState, 'previousState');
  if (input.newState !== undefined) event.newState = redactor.value(input.newState, 'newState');
  if (input.changes !== undefined) event.changes = input.changes.map((c, i) => redactChange(c, `changes[${i}]`, redactor));
  if (input.metadata !== undefined) event.metadata = redactor.value(input.metadata, 'metadata');
  // After redaction (a secret is never sealed, it is gone) and before hashing, so
  // contentHash covers the sealed form and verification never needs the plaintext.
  if (seal) seal(event as Parameters<EventSealer>[0]);
  // Hashed before contentHash is added, so the hash covers exactly the other fields.
  event.contentHash = contentHashOf(event as unknown as AuditEvent);
  return event as unknown as StoredEvent;
}

/** An event's retention: its class and when it ends, counted from ingest. */
export function retentionOf(retentionClass: RetentionClass, ingestedAt: Date): { class: RetentionClass; expiresAt: string } {
  return { class: retentionClass, expiresAt: new Date(ingestedAt.getTime() + RETENTION_DAYS[retentionClass] * DAY_MS).toISOString() };
}

/** The retention end of a validated input ingested at `ingestedAt` (ISO 8601). */
export function retainUntilOf(input: AuditEventInput, ingestedAt: Date): string {
  const entry = lookupEventType(input.eventType, input.category);
  if (!entry) throw new TypeError('eventType must be validated before building the event');
  return retentionOf(entry.retention, ingestedAt).expiresAt;
}

function redactActor(actor: AuditEventInput['actor'], redactor: Redactor): AuditEventInput['actor'] {
  const out = { ...actor };
  if (actor.sessionId !== undefined) out.sessionId = sessionDigest(actor.sessionId);
  if (actor.userAgent !== undefined) out.userAgent = redactor.text(actor.userAgent, 'actor.userAgent');
  return out;
}

/**
 * How `actor.sessionId` is stored: `sha256:` and the first 32 hex digits of its SHA-256.
 * A live session id is a bearer credential; its digest still ties together the events
 * of one session, and anyone holding the id can recompute it to find them.
 */
export function sessionDigest(sessionId: string): string {
  return `sha256:${createHash('sha256').update(sessionId, 'utf8').digest('hex').slice(0, 32)}`;
}

/**
 * What makes a retry "the same event": everything except the fields the server stamps
 * anew on every attempt (ingestedAt and the expiry derived from it).
 */
export function retryFingerprint(event: AuditEvent): string {
  const { ingestedAt: _i, retention, contentHash: _c, ...rest } = event as StoredEvent;
  return canonicalHash({ ...rest, retention: { class: retention.class } });
}

type Change = NonNullable<AuditEventInput['changes']>[number];

function redactChange(change: Change, path: string, redactor: Redactor): Change {
  const secret = isSecretField(change.field);
  const out: Change = { field: change.field };
  if (change.oldValue !== undefined) {
    out.oldValue = secret ? redactor.mark(`${path}.oldValue`) : redactor.value(change.oldValue, `${path}.oldValue`);
  }
  if (change.newValue !== undefined) {
    out.newValue = secret ? redactor.mark(`${path}.newValue`) : redactor.value(change.newValue, `${path}.newValue`);
  }
  return out;
}

function isSecretField(field: string): boolean {
  return field.split('.').some(isSecretKey);
}
