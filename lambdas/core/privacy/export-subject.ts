import '../zod-messages';
import * as z from 'zod/mini';
import { ValidationError } from '../errors';
import type { StoredEvent } from '../event-schema';
import type { InclusionProof } from '../integrity/proof';
import type { Caller } from '../ports';
import { zodDetails, type QueryStringParameters } from '../parse-request';
import { csvLine } from '../query/csv';
import type { EventIndexReader, ProofSource } from '../query/ports';
import type { PrivacyAuditor } from './privacy-audit';
import type { SubjectKeyStore } from './ports';
import { actorSubjectOf, contentSubjectOf } from './personal-data';
import { personalFieldsOf } from './read-personal-data';
import type { ArchiveTier } from '../query/tiered-plan';
import { parseSubjectId, subjectEvents } from './subject-events';

/** Export parameters. */
export const SubjectExportParamsSchema = z.strictObject({
  format: z._default(z.enum(['json', 'csv']).check(z.describe('json (events, personal fields and proofs) or csv (one row per event)')), 'json'),
});

/** One exported event: the stored (sealed) form, its personal fields in clear, its proof once sealed. */
export interface SubjectExportEntry {
  readonly event: StoredEvent;
  readonly personalData: Readonly<Record<string, unknown>>;
  /** Carries its block and the signer's public key, so it verifies offline; null until sealed. */
  readonly proof: InclusionProof | null;
}

/** The JSON export. */
export interface SubjectExport {
  readonly subjectId: string;
  readonly exportedAt: string;
  readonly events: readonly SubjectExportEntry[];
}

/** The export as the route returns it. */
export type SubjectExportResult =
  | { readonly format: 'json'; readonly body: SubjectExport; readonly rows: number }
  | { readonly format: 'csv'; readonly body: string; readonly rows: number };

/** What the export needs. */
export interface ExportSubjectDependencies {
  readonly reader: EventIndexReader;
  /** Where events older than the table's hot window are read. @default the table only */
  readonly archive?: ArchiveTier;
  readonly keys: SubjectKeyStore;
  readonly auditor: PrivacyAuditor;
  /** Inclusion proofs (integrity-links.ts); without them every proof is null. */
  readonly proofs?: ProofSource;
  readonly now?: () => Date;
}

const CSV_FIXED = ['eventId', 'occurredAt', 'eventType', 'outcome', 'actorUserId', 'targetType', 'targetId', 'subjectRole', 'contentHash'] as const;

/**
 * `GET /v1/subjects/{subjectId}/export`: a subject access export — every event by or
 * about the person, newest first, with their personal fields decrypted and each event's
 * inclusion proof. Recorded as `privacy.subject.export` before anything is returned.
 */
export class ExportSubject {
  constructor(private readonly deps: ExportSubjectDependencies) {}

  /** The export of `rawSubjectId` in the format `params` asks for. */
  async execute(rawSubjectId: string | undefined, params: QueryStringParameters, caller: Caller): Promise<SubjectExportResult> {
    const subjectId = parseSubjectId(rawSubjectId);
    const format = parseFormat(params);
    const now = this.deps.now?.() ?? new Date();
    const events = await subjectEvents(this.deps.reader, subjectId, this.deps.archive && { tier: this.deps.archive, now });
    const entries: SubjectExportEntry[] = [];
    for (const event of events) {
      const personalData = ownFields(event, await personalFieldsOf(event, this.deps.keys), subjectId);
      const proof = (await this.deps.proofs?.proofFor(event)) ?? null;
      entries.push({ event, personalData, proof });
    }
    await this.deps.auditor.record('privacy.subject.export', caller, {
      target: { type: 'user', id: subjectId },
      metadata: { route: 'GET /v1/subjects/{subjectId}/export', format, resultCount: entries.length },
    });
    const exportedAt = (this.deps.now ?? (() => new Date()))().toISOString();
    if (format === 'csv') return { format, body: subjectCsv(subjectId, entries), rows: entries.length };
    return { format, body: { subjectId, exportedAt, events: entries }, rows: entries.length };
  }
}

function parseFormat(params: QueryStringParameters): 'json' | 'csv' {
  // Unknown parameters are refused by the strict schema, not silently ignored.
  const given = Object.fromEntries(Object.entries(params ?? {}).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = SubjectExportParamsSchema.safeParse(given);
  if (!parsed.success) throw new ValidationError('the query parameters are not valid', zodDetails(parsed.error, ''));
  return parsed.data.format;
}

/**
 * Only the subject's own values: in an event about them by someone else, the actor's
 * address and agent are that other person's data (actor fields are the actor's, the rest
 * the content subject's, as they were sealed).
 */
function ownFields(event: StoredEvent, fields: Readonly<Record<string, unknown>>, subjectId: string): Record<string, unknown> {
  const own = Object.create(null) as Record<string, unknown>;
  for (const [path, value] of Object.entries(fields)) {
    const owner = path.startsWith('actor.') ? actorSubjectOf(event) : contentSubjectOf(event);
    if (owner === subjectId) own[path] = value;
  }
  return own;
}

/** One row per event: fixed columns, then one column per personal field path met in the export. */
export function subjectCsv(subjectId: string, entries: readonly SubjectExportEntry[]): string {
  const paths = [...new Set(entries.flatMap((e) => Object.keys(e.personalData)))].sort();
  const lines = [csvLine([...CSV_FIXED, ...paths])];
  for (const { event, personalData } of entries) {
    const role = event.actor.userId === subjectId ? 'actor' : 'target';
    const fixed = [
      event.eventId, event.occurredAt, event.eventType, event.outcome, event.actor.userId,
      event.target?.type, event.target?.id, role, event.contentHash,
    ];
    lines.push(csvLine([...fixed, ...paths.map((p) => cellOf(personalData[p]))]));
  }
  return lines.join('');
}

function cellOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
