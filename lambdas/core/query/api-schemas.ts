import '../zod-messages';
import * as z from 'zod/mini';
import { AuditEventInputSchema, MAX_BATCH, Sha256HexSchema, StoredEventSchema } from '../event-schema';

/**
 * Response shapes of the API: the OpenAPI document describes them, and the use cases'
 * result types are derived from them, so the two cannot drift. Requests are validated with
 * the schemas next to their use cases (event-schema.ts, search-query.ts, ...).
 */

const count = z.int().check(z.minimum(0));
const counts = z.record(z.string(), count);

/** One batch of input events. */
export const AuditBatchDocSchema = z.strictObject({
  events: z.array(AuditEventInputSchema).check(z.minLength(1), z.maxLength(MAX_BATCH)),
});

/** An event as stored and hashed, plus its contentHash: defined with the event, listed here with the other responses. */
export { StoredEventSchema };

/** 201 of POST /v1/events. */
export const AcceptedSchema = z.object({
  accepted: z.array(z.object({ eventId: z.uuid(), contentHash: Sha256HexSchema, ingestedAt: z.iso.datetime(), duplicate: z.boolean() })),
});

/** A late arrival: derived on read from the stored timestamps (late-arrival.ts), never stored. */
const LateArrivalSchema = z.object({ eventId: StoredEventSchema.shape.eventId, delaySeconds: count.check(z.describe('ingestedAt minus occurredAt')) });

/** One page of search results. */
export const SearchPageSchema = z.object({
  events: z.array(StoredEventSchema),
  nextCursor: z.nullable(z.string()).check(z.describe('null on the last page')),
  lateArrivals: z.array(LateArrivalSchema).check(z.describe('the late arrivals among this page\'s events (ingestedAt more than 300 s after occurredAt)')),
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
  topActors: z.array(z.object({ userId: z.string(), count })),
  /** Fixed windows ending now, whatever the period. */
  failedLoginsLast24h: count, denialsLast24h: count, criticalLast7d: count,
});
export type Stats = z.infer<typeof StatsSchema>;

/** Integrity status of a period, for the compliance report. */
const IntegrityStatusSchema = z.object({
  status: z.enum(['verified', 'failed', 'not_sealed', 'not_available']),
  blocksChecked: z.optional(count),
  eventsChecked: z.optional(count),
  /** Error findings, each naming the block or event concerned. */
  findings: z.optional(z.array(z.object({
    code: z.string(), seq: z.optional(count), eventId: z.optional(z.string()), message: z.string(),
  }))),
  /** Events stored into an already-sealed interval and sealed into a later block, with the delay. */
  lateSealedEvents: z.optional(z.array(z.object({
    eventId: z.string(), seq: count, sealDelaySeconds: z.optional(z.number()),
  }))),
});
export type IntegrityStatus = z.infer<typeof IntegrityStatusSchema>;

/** Failed logins or denials: how many, and by whom and from where. */
const FailureSummarySchema = z.object({
  total: count,
  byUser: z.array(z.object({ key: z.string(), count })),
  byIp: z.array(z.object({ key: z.string(), count })),
});
export type FailureSummary = z.infer<typeof FailureSummarySchema>;

/** One user's activity in the period. */
const UserActivitySchema = z.object({
  userId: z.string(), events: count, failures: count, denials: count, firstSeen: z.string(), lastSeen: z.string(),
});
export type UserActivity = z.infer<typeof UserActivitySchema>;

/** A high or critical event, in brief. */
const ReportedEventSchema = z.extend(
  z.pick(StoredEventSchema, { eventId: true, occurredAt: true, eventType: true, severity: true, outcome: true, target: true }),
  { userId: z.string() },
);
export type ReportedEvent = z.infer<typeof ReportedEventSchema>;

/** Whether the period is covered: first and last event, and silent stretches (period edges included). */
const CoverageSchema = z.object({
  totalEvents: count, firstEvent: z.nullable(z.string()), lastEvent: z.nullable(z.string()),
  gaps: z.array(z.object({ from: z.string(), to: z.string(), hours: z.number() })),
});
export type Coverage = z.infer<typeof CoverageSchema>;

/** Events of the period that reached the server late: how many, the longest delay, the latest ingested. */
const LateArrivalsSchema = z.object({
  thresholdSeconds: count, total: count, maxDelaySeconds: z.nullable(count),
  latest: z.array(z.extend(LateArrivalSchema, { occurredAt: z.iso.datetime(), ingestedAt: z.iso.datetime(), eventType: z.string(), userId: z.string() })),
});
export type LateArrivals = z.infer<typeof LateArrivalsSchema>;

/** GET /v1/reports/compliance (JSON form): the period report an auditor files. */
export const ComplianceReportSchema = z.object({
  period: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
  generatedAt: z.iso.datetime(),
  generatedBy: z.string(),
  eventTypes: z.array(z.object({ eventType: z.string(), category: z.string(), count, failures: count })),
  users: z.array(UserActivitySchema),
  highAndCritical: z.object({ total: count, listed: z.array(ReportedEventSchema) }),
  failedLogins: FailureSummarySchema,
  denials: FailureSummarySchema,
  integrity: IntegrityStatusSchema,
  coverage: CoverageSchema,
  lateArrivals: LateArrivalsSchema,
});
export type ComplianceReport = z.infer<typeof ComplianceReportSchema>;

/** Every error response. */
export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
});

/**
 * The longest job id: API Gateway takes at most 10 240 bytes of request line and headers,
 * and a signed poll carries about 2 KB of headers. About 80 Athena executions (pages) fit.
 */
export const MAX_JOB_ID_CHARS = 7500;

/** A job id as the jobs route takes it: opaque base64url (archive-job-codec.ts). */
const JobIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]+$/), z.maxLength(MAX_JOB_ID_CHARS));

/** 202 of a period route whose archive query outran the time budget, and of a poll while it still runs. */
export const ArchiveJobAcceptedSchema = z.object({
  jobId: JobIdSchema.check(z.describe('sealed: the route, parameters, caller, request time and running queries; valid for 1 hour')),
  status: z.literal('running'),
  poll: z.string().check(z.describe('/v1/jobs/{jobId}, relative to the API base URL')),
});

/** Path parameters of GET /v1/jobs/{jobId}. */
export const JobIdParamsSchema = z.strictObject({
  jobId: JobIdSchema.check(z.describe('the jobId of a 202 answer')),
});

/** What a finished job answers: exactly what its route answers. */
export const ArchiveJobResultSchema = z.union([SearchPageSchema, StatsSchema, ExportLinkSchema, ComplianceReportSchema]);
