import { lookupEventType, RETENTION_DAYS } from './catalogue';
import { canonicalHash } from './canonical';
import type { AuditEvent, AuditEventInput, StoredEvent } from './event-schema';
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
 * server fields stamped, and hashed.
 */
export function buildStoredEvent(input: AuditEventInput, stamp: Stamp): StoredEvent {
  const entry = lookupEventType(input.eventType, input.category);
  if (!entry) throw new TypeError('eventType must be validated before building the event');
  const redactor = new Redactor();
  const free = <T>(value: T | undefined, path: string): T | undefined =>
    value === undefined ? undefined : (redactor.value(value, path) as T);
  const event: AuditEvent = dropUndefined({
    schemaVersion: 1 as const,
    eventId: stamp.eventId,
    occurredAt: new Date(input.occurredAt).toISOString(),
    eventType: input.eventType,
    category: entry.category,
    severity: input.severity ?? entry.severity,
    action: input.action ?? entry.action,
    actor: dropUndefined({
      ...input.actor,
      userAgent: input.actor.userAgent === undefined ? undefined : redactor.text(input.actor.userAgent, 'actor.userAgent'),
    }),
    target: input.target,
    outcome: input.outcome,
    reason: input.reason === undefined ? undefined : redactor.text(input.reason, 'reason'),
    previousState: free(input.previousState, 'previousState'),
    newState: free(input.newState, 'newState'),
    changes: input.changes?.map((change, i) => redactChange(change, `changes[${i}]`, redactor)),
    metadata: free(input.metadata, 'metadata'),
    redactedPaths: redactor.paths,
    source: stamp.source,
    ingestedAt: stamp.ingestedAt.toISOString(),
    retention: {
      class: entry.retention,
      expiresAt: new Date(stamp.ingestedAt.getTime() + RETENTION_DAYS[entry.retention] * DAY_MS).toISOString(),
    },
  });
  return { ...event, contentHash: contentHashOf(event) };
}

/** SHA-256 hex of the RFC 8785 form of the event without `contentHash`. */
export function contentHashOf(event: AuditEvent | StoredEvent): string {
  const { contentHash: _ignored, ...content } = event as StoredEvent;
  return canonicalHash(content);
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
  if (isSecretField(change.field)) {
    return dropUndefined({
      field: change.field,
      oldValue: change.oldValue === undefined ? undefined : redactor.mark(`${path}.oldValue`),
      newValue: change.newValue === undefined ? undefined : redactor.mark(`${path}.newValue`),
    });
  }
  return dropUndefined({
    field: change.field,
    oldValue: change.oldValue === undefined ? undefined : redactor.value(change.oldValue, `${path}.oldValue`),
    newValue: change.newValue === undefined ? undefined : redactor.value(change.newValue, `${path}.newValue`),
  });
}

function isSecretField(field: string): boolean {
  return field.split('.').some(isSecretKey);
}

/** Removes keys whose value is undefined, so the stored, hashed and returned forms agree. */
function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
