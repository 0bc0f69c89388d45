/**
 * The event DMIS sends, as the client types it. It mirrors AuditEventInputSchema in
 * lambdas/core/event-schema.ts; a test checks the two stay assignable both ways.
 */
import type { Category, CataloguedEventType, CustomEventType, Outcome, Severity } from './event-types';

/** Who acted. */
export interface Actor {
  readonly userId: string;
  readonly roles?: string[];
  /** Stored by the server only as a hash. */
  readonly sessionId?: string;
  readonly ip?: string;
  readonly userAgent?: string;
}

/** The record acted on, e.g. `{type: "donation", id: "DN-2041"}`. */
export interface Target {
  readonly type: string;
  readonly id: string;
}

/** One field-level change. */
export interface Change {
  readonly field: string;
  readonly oldValue?: unknown;
  readonly newValue?: unknown;
}

/** One audit event, as the API takes it. */
export interface AuditEventInput {
  /** Fixed by the client before the first attempt, so a retry is a duplicate, never a second event. */
  eventId?: string;
  occurredAt: string;
  eventType: CataloguedEventType | CustomEventType;
  /** Custom event types only. */
  category?: Category;
  actor: Actor;
  action?: string;
  target?: Target;
  outcome: Outcome;
  severity?: Severity;
  reason?: string;
  previousState?: Record<string, unknown>;
  newState?: Record<string, unknown>;
  changes?: Change[];
  metadata?: Record<string, unknown>;
}

/** An event to record: `occurredAt` defaults to now and `eventId` to a new UUID. */
export type EventDraft = Omit<AuditEventInput, 'occurredAt'> & { occurredAt?: string };

/** What a typed builder takes: everything but the type (and category, which the catalogue sets). */
export type EventFields = Omit<EventDraft, 'eventType' | 'category'>;

/** A custom event: `custom.<namespace>.<name>`, with an optional category. */
export function customEvent(eventType: CustomEventType, fields: EventFields & { category?: Category }): EventDraft {
  return { ...fields, eventType };
}
