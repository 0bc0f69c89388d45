import './zod-messages';
import * as z from 'zod/mini';
import { SHA256_HEX } from './canonical';
import { CATEGORIES, RETENTION_CLASSES, SEVERITIES } from './catalogue';
import { isSealedValue } from './privacy/sealed-value';

/**
 * The audit event's JSON schemas, and its types derived from them: what DMIS sends
 * (`AuditEventInputSchema`) and what is stored and hashed (`StoredEventSchema`). The API's
 * request validation and OpenAPI document are derived from these, never written again by hand.
 */

/** Outcomes, a closed set. */
export const OUTCOMES = ['success', 'failure', 'denied', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Free-form JSON nesting allowed in metadata, states and changes. */
const MAX_JSON_DEPTH = 8;

// Bodies come from JSON.parse, so values are JSON already; only nesting needs a bound
// (size is bounded by the 32 KB event limit).
const jsonValue = z.unknown().check(
  z.refine((value) => depthOf(value) <= MAX_JSON_DEPTH, { message: `nesting deeper than ${MAX_JSON_DEPTH} levels` }),
);

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}

const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const snakeCase = (max: number, message: string) =>
  z.string().check(z.regex(new RegExp(`^[a-z][a-z0-9_]{0,${max - 1}}$`), message));

const jsonObject = z.record(text(1, 128), jsonValue).check(
  z.refine((o) => Object.keys(o).length <= 200, { message: 'at most 200 keys' }),
);

/** Who acted. */
const ActorSchema = z.strictObject({
  userId: text(1, 256),
  roles: z.optional(z.array(text(1, 128)).check(z.maxLength(50))),
  sessionId: z.optional(text(1, 256)),
  ip: z.optional(z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' })),
  userAgent: z.optional(text(0, 1024)),
});

/**
 * Who acted, as stored: `ip`, `userAgent` and `sessionId` are sealed personal values
 * (`pii:v1:…`, privacy/sealed-value.ts) when personal-data protection is on, in clear otherwise.
 */
const sealed = z.string().check(z.refine(isSealedValue, { message: 'must be a sealed personal value' }));
const StoredActorSchema = z.extend(ActorSchema, {
  sessionId: z.optional(z.union([text(1, 256), sealed])),
  ip: z.optional(z.union([z.ipv4(), z.ipv6(), sealed], { error: 'must be an IPv4 or IPv6 address or a sealed value' })),
  userAgent: z.optional(z.union([text(0, 1024), sealed])),
});

/** The record acted on, e.g. `{type: "donation", id: "DN-2041"}`. */
const TargetSchema = z.strictObject({
  type: snakeCase(64, 'must be lower snake case, at most 64 characters'),
  id: text(1, 256),
});

/** One field-level change. */
const ChangeSchema = z.strictObject({
  field: text(1, 256),
  oldValue: z.optional(jsonValue),
  newValue: z.optional(jsonValue),
});

/** What DMIS sends for one event. */
export const AuditEventInputSchema = z.strictObject({
  eventId: z.optional(z.uuid()),
  occurredAt: z.iso.datetime({ offset: false, local: false }),
  eventType: text(1, 128),
  category: z.optional(z.enum(CATEGORIES)),
  actor: ActorSchema,
  action: z.optional(snakeCase(64, 'must be a lower snake case verb')),
  target: z.optional(TargetSchema),
  outcome: z.enum(OUTCOMES),
  severity: z.optional(z.enum(SEVERITIES)),
  reason: z.optional(text(0, 2000)),
  previousState: z.optional(jsonObject),
  newState: z.optional(jsonObject),
  changes: z.optional(z.array(ChangeSchema).check(z.maxLength(200))),
  metadata: z.optional(jsonObject),
});
export type AuditEventInput = z.infer<typeof AuditEventInputSchema>;

/** A batch: `{"events": [...]}` with 1 to 100 events. */
export const MAX_BATCH = 100;
export const AuditBatchInputSchema = z.strictObject({
  events: z.array(z.unknown()).check(z.minLength(1), z.maxLength(MAX_BATCH)),
});

/** A SHA-256 digest as stored and sent: contentHash, merkleRoot, blockHash. */
export const Sha256HexSchema = z.string().check(z.regex(SHA256_HEX, 'must be 64 lowercase hex characters'));

/** The event as stored and hashed: the input, normalised, plus server-stamped fields. */
const AuditEventSchema = z.extend(AuditEventInputSchema, {
  schemaVersion: z.literal(1),
  eventId: z.uuid(),
  actor: StoredActorSchema,
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  action: z.string(),
  /** Paths whose values were replaced by `[REDACTED]` before storage. */
  redactedPaths: z.array(z.string()),
  source: z.string().check(z.describe('the authenticated caller principal')),
  ingestedAt: z.iso.datetime(),
  retention: z.object({ class: z.enum(RETENTION_CLASSES), expiresAt: z.iso.datetime() }),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** An event as returned by the store: the hashed event plus its `contentHash`. */
export const StoredEventSchema = z.extend(AuditEventSchema, {
  contentHash: Sha256HexSchema.check(z.describe('SHA-256 of the RFC 8785 form of the event without contentHash')),
});
export type StoredEvent = z.infer<typeof StoredEventSchema>;
