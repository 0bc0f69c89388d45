import { z } from 'zod';
import { CATEGORIES, SEVERITIES, type Category, type RetentionClass, type Severity } from './catalogue';

/**
 * The audit event's JSON schemas: what DMIS sends (`AuditEventInputSchema`) and what is
 * stored and hashed (`AuditEvent`). The API's request validation and OpenAPI document are
 * derived from these, never written again by hand.
 */

/** Outcomes, a closed set. */
export const OUTCOMES = ['success', 'failure', 'denied', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Free-form JSON nesting allowed in metadata, states and changes. */
export const MAX_JSON_DEPTH = 8;

const jsonValue: z.ZodType<unknown> = z.json().check((ctx) => {
  if (depthOf(ctx.value) > MAX_JSON_DEPTH) {
    ctx.issues.push({ code: 'custom', message: `nesting deeper than ${MAX_JSON_DEPTH} levels`, input: undefined });
  }
});

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}

const jsonObject = z.record(z.string().max(128), jsonValue).refine((o) => Object.keys(o).length <= 200, {
  message: 'at most 200 keys',
});

/** Who acted. */
export const ActorSchema = z.strictObject({
  userId: z.string().min(1).max(256),
  roles: z.array(z.string().min(1).max(128)).max(50).optional(),
  sessionId: z.string().min(1).max(256).optional(),
  ip: z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' }).optional(),
  userAgent: z.string().max(1024).optional(),
});

/** The record acted on, e.g. `{type: "donation", id: "DN-2041"}`. */
export const TargetSchema = z.strictObject({
  type: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be lower snake case, at most 64 characters'),
  id: z.string().min(1).max(256),
});

/** One field-level change. */
export const ChangeSchema = z.strictObject({
  field: z.string().min(1).max(256),
  oldValue: jsonValue.optional(),
  newValue: jsonValue.optional(),
});

/** What DMIS sends for one event. */
export const AuditEventInputSchema = z.strictObject({
  eventId: z.uuid().optional(),
  occurredAt: z.iso.datetime({ precision: undefined, offset: false, local: false }),
  eventType: z.string().min(1).max(128),
  category: z.enum(CATEGORIES).optional(),
  actor: ActorSchema,
  action: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a lower snake case verb').optional(),
  target: TargetSchema.optional(),
  outcome: z.enum(OUTCOMES),
  severity: z.enum(SEVERITIES).optional(),
  reason: z.string().max(2000).optional(),
  previousState: jsonObject.optional(),
  newState: jsonObject.optional(),
  changes: z.array(ChangeSchema).max(200).optional(),
  metadata: jsonObject.optional(),
});
export type AuditEventInput = z.infer<typeof AuditEventInputSchema>;

/** A batch: `{"events": [...]}` with 1 to 100 events. */
export const MAX_BATCH = 100;
export const AuditBatchInputSchema = z.strictObject({
  events: z.array(z.unknown()).min(1).max(MAX_BATCH),
});

/** The event as stored and hashed: the input, normalised, plus server-stamped fields. */
export interface AuditEvent {
  readonly schemaVersion: 1;
  readonly eventId: string;
  readonly occurredAt: string;
  readonly eventType: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly action: string;
  readonly actor: AuditEventInput['actor'];
  readonly target?: AuditEventInput['target'];
  readonly outcome: Outcome;
  readonly reason?: string;
  readonly previousState?: Record<string, unknown>;
  readonly newState?: Record<string, unknown>;
  readonly changes?: AuditEventInput['changes'];
  readonly metadata?: Record<string, unknown>;
  /** Paths whose values were replaced by `[REDACTED]` before storage. */
  readonly redactedPaths: readonly string[];
  /** The authenticated caller's principal. */
  readonly source: string;
  readonly ingestedAt: string;
  readonly retention: { readonly class: RetentionClass; readonly expiresAt: string };
}

/** An event as returned by the store: the hashed event plus its `contentHash`. */
export type StoredEvent = AuditEvent & { readonly contentHash: string };
