import '../zod-messages';
import * as z from 'zod/mini';
import { CATEGORIES, RETENTION_DAYS, SEVERITIES } from '../catalogue';
import { AuditEventInputSchema, MAX_BATCH } from '../event-schema';

/**
 * Response shapes of the API, for the OpenAPI document. Requests are validated with the
 * schemas next to their use cases (event-schema.ts, search-query.ts, ...); responses are
 * built by code whose types these mirror.
 */

const hex64 = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const count = z.int().check(z.minimum(0));
const counts = z.record(z.string(), count);
const ranked = (name: string) => z.array(z.object({ [name]: z.string(), count }));

/** One batch of input events. */
export const AuditBatchDocSchema = z.strictObject({
  events: z.array(AuditEventInputSchema).check(z.minLength(1), z.maxLength(MAX_BATCH)),
});

/** An event as stored and hashed, plus its contentHash. */
export const StoredEventSchema = z.extend(AuditEventInputSchema, {
  schemaVersion: z.literal(1),
  eventId: z.uuid(),
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  action: z.string(),
  redactedPaths: z.array(z.string()),
  source: z.string().check(z.describe('the authenticated caller principal')),
  ingestedAt: z.iso.datetime(),
  retention: z.object({ class: z.enum(Object.keys(RETENTION_DAYS) as [string, ...string[]]), expiresAt: z.iso.datetime() }),
  contentHash: hex64.check(z.describe('SHA-256 of the RFC 8785 form of the event without contentHash')),
});

/** 201 of POST /v1/events. */
export const AcceptedSchema = z.object({
  accepted: z.array(z.object({ eventId: z.uuid(), contentHash: hex64, ingestedAt: z.iso.datetime(), duplicate: z.boolean() })),
});

/** One page of search results. */
export const SearchPageSchema = z.object({
  events: z.array(StoredEventSchema),
  nextCursor: z.nullable(z.string()).check(z.describe('null on the last page')),
});

/** A large export, left in encrypted storage. */
export const ExportLinkSchema = z.object({
  url: z.url().check(z.describe('presigned, short-lived')),
  expiresAt: z.iso.datetime(),
  rows: count,
});

/** GET /v1/stats. */
export const StatsSchema = z.object({
  from: z.iso.datetime(), to: z.iso.datetime(), total: count,
  byCategory: counts, bySeverity: counts, byOutcome: counts, byEventType: counts,
  topActors: ranked('userId'),
  failedLoginsLast24h: count, denialsLast24h: count, criticalLast7d: count,
});

const failureSummary = z.object({ total: count, byUser: ranked('key'), byIp: ranked('key') });

/** GET /v1/reports/compliance (JSON form). */
export const ComplianceReportSchema = z.object({
  period: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
  generatedAt: z.iso.datetime(),
  generatedBy: z.string(),
  eventTypes: z.array(z.object({ eventType: z.string(), category: z.string(), count, failures: count })),
  users: z.array(z.object({ userId: z.string(), events: count, failures: count, denials: count, firstSeen: z.string(), lastSeen: z.string() })),
  highAndCritical: z.object({ total: count, listed: z.array(z.record(z.string(), z.unknown())) }),
  failedLogins: failureSummary,
  denials: failureSummary,
  integrity: z.object({ status: z.enum(['verified', 'failed', 'not_sealed', 'not_available']) }),
  coverage: z.object({
    totalEvents: count, firstEvent: z.nullable(z.string()), lastEvent: z.nullable(z.string()),
    gaps: z.array(z.object({ from: z.string(), to: z.string(), hours: z.number() })),
  }),
});

/** Every error response. */
export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
});
