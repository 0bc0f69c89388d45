import '../zod-messages';
import * as z from 'zod/mini';
import { AuditEventInputSchema, Sha256HexSchema, StoredEventSchema } from '../event-schema';
import { BlockSchema } from '../integrity/block';
import { AuditBatchDocSchema } from '../query/api-schemas';

/**
 * The request and response shapes the route table names that have no home next to a use
 * case: path parameters, the ingest body, and the responses of the integrity, alarms,
 * health and OpenAPI routes. Like core/query/api-schemas.ts they mirror what the code
 * returns; test/unit/query/route-schemas.test.ts parses real results with them.
 */

const count = z.int().check(z.minimum(0));

/** `{eventId}` of the event routes. */
export const EventIdParamsSchema = z.strictObject({
  eventId: StoredEventSchema.shape.eventId.check(z.describe('the eventId returned when the event was recorded')),
});

/** The POST /v1/events body: one event, or a batch. */
export const IngestBodySchema = z.union([AuditEventInputSchema, AuditBatchDocSchema]);

/** A response body that is text (CSV, NDJSON, Markdown). */
export const TextBodySchema = z.string();

/** GET /v1/events/{eventId}/proof: the RFC 9162 inclusion proof of one event in its signed block. */
export const InclusionProofSchema = z.object({
  eventId: StoredEventSchema.shape.eventId,
  contentHash: Sha256HexSchema,
  leafIndex: count.check(z.describe('position of the event in the block; the tree size is block.count')),
  auditPath: z.array(Sha256HexSchema).check(z.describe('RFC 9162 audit path, leaf to root')),
  block: BlockSchema,
  publicKeyPem: z.string().check(z.describe('the signer\'s public key (ECDSA P-256, SPKI PEM)')),
  log: z.optional(
    z.object({
      treeSize: count,
      leafIndex: count.check(z.describe('position of the event in the whole log')),
      auditPath: z.array(Sha256HexSchema).check(z.describe('RFC 9162 audit path in the log at treeSize')),
      treeRoot: Sha256HexSchema.check(z.describe('the log root at treeSize: the root of that size\'s checkpoint')),
    }),
  ),
});

/** GET /v1/checkpoints/latest: the newest signed checkpoint (C2SP tlog-checkpoint), to keep as is. */
export const LatestCheckpointSchema = z.object({
  note: z.string().check(z.describe('the signed note, byte for byte: save it to check later logs against')),
  origin: z.string(),
  treeSize: count,
  rootHash: Sha256HexSchema,
});

/** GET /v1/checkpoints/consistency: RFC 9162 consistency proof between two tree sizes. */
export const ConsistencyProofSchema = z.object({
  from: count,
  to: count,
  fromRoot: Sha256HexSchema,
  toRoot: Sha256HexSchema,
  proof: z.array(Sha256HexSchema).check(z.describe('RFC 9162 §2.1.4 consistency proof')),
});

/** One problem (or, as `info`, one expected expiry) named by the verifier. */
export const FindingSchema = z.object({
  severity: z.enum(['error', 'info']),
  code: z.string().check(z.describe('what is wrong, e.g. block_hash_mismatch or event_deleted')),
  seq: z.optional(count),
  eventId: z.optional(z.string()),
  message: z.string(),
});

/** GET /v1/integrity: verification of a period, every finding named. */
export const IntegrityReportSchema = z.object({
  ok: z.boolean().check(z.describe('true when no finding is an error')),
  fromSeq: count,
  toSeq: count,
  blocksChecked: count,
  eventsChecked: count,
  findings: z.array(FindingSchema),
  from: z.optional(z.iso.datetime()),
  to: z.optional(z.iso.datetime()),
});

/** GET /v1/alarms: the latest state of each alarm (INSUFFICIENT_DATA on AWS only). */
export const AlarmListSchema = z.object({
  alarms: z.array(z.object({
    name: z.string().check(z.describe('the monitoring rule\'s name')),
    state: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']),
    value: z.number().check(z.describe('matching lines in the latest period')),
    threshold: z.number(),
    since: z.iso.datetime().check(z.describe('when the alarm entered this state')),
  })),
});

/** GET /v1/events/{eventId}/personal-data: the personal fields in clear, by path. */
export const PersonalDataViewSchema = z.object({
  eventId: StoredEventSchema.shape.eventId,
  fields: z.record(z.string(), z.unknown()).check(
    z.describe('path (e.g. actor.ip, metadata.email) to its value in clear, "[erased]" once the subject\'s key was destroyed, "[unreadable]" when no key is known'),
  ),
});

/** GET /v1/subjects/{subjectId}/export (JSON): every event by or about the subject. */
export const SubjectExportSchema = z.object({
  subjectId: z.string(),
  exportedAt: z.iso.datetime(),
  events: z.array(z.object({
    event: StoredEventSchema.check(z.describe('the event exactly as stored (sealed): what its proof covers')),
    personalData: z.record(z.string(), z.unknown()),
    proof: z.nullable(InclusionProofSchema).check(z.describe('null until the event is sealed')),
  })),
});

/** POST /v1/subjects/{subjectId}/erasure. */
export const ErasureResultSchema = z.object({
  subjectId: z.string(),
  erasedAt: z.iso.datetime(),
  keysDestroyed: count.check(z.describe('keys destroyed by this request; 0 when none were left')),
});

/** GET /v1/health. */
export const HealthSchema = z.object({ status: z.literal('ok') });

/** GET /v1/openapi.json: an OpenAPI 3.1 document. */
export const OpenApiDocumentSchema = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.object({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});
