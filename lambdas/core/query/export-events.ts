import '../zod-messages';
import * as z from 'zod/mini';
import { ValidationError } from '../errors';
import type { StoredEvent } from '../event-schema';
import type { Caller } from '../ports';
import { zodDetails, type QueryStringParameters } from '../parse-request';
import { csvHeader, csvRow } from './csv';
import { matchingEvents } from './matching-events';
import type { EventIndexReader, ExportSink, ProofSource } from './ports';
import { MAX_SEARCH_DAYS } from './query-plan';
import type { ReadAuditor } from './read-audit';
import { parseFilters, SearchFiltersSchema } from './search-query';
import { planAcrossTiers, type ArchiveTier } from './tiered-plan';

/** Export parameters: the search filters plus format and proofs. */
export const ExportParamsSchema = z.extend(SearchFiltersSchema, {
  format: z._default(z.enum(['csv', 'ndjson']).check(z.describe('csv, or one JSON event per line')), 'ndjson'),
  includeProofs: z.optional(z.enum(['true', 'false']).check(
    z.describe('ndjson only: each line becomes {"event", "proof"} so the export verifies offline'),
  )),
});

/** An export, either in the response or behind a short-lived download link. */
export type ExportResult =
  | { readonly kind: 'inline'; readonly contentType: string; readonly body: string; readonly rows: number }
  | { readonly kind: 'link'; readonly url: string; readonly expiresAt: string; readonly rows: number };

/** What the export use case needs. */
export interface ExportDependencies {
  readonly reader: EventIndexReader;
  readonly auditor: ReadAuditor;
  /** Where large exports go (S3 on AWS); without one every export is inline. */
  readonly sink?: ExportSink;
  readonly proofs?: ProofSource;
  readonly now?: () => Date;
  /** Above this size an export goes to the sink. @default 5 MB (Lambda's response limit is 6 MB) */
  readonly inlineLimitBytes?: number;
  /** Where periods older than the hot window are read. @default none: the table only */
  readonly archive?: ArchiveTier;
}

const EXPORT_PAGE_SIZE = 1000;
const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson' } as const;

/** `GET /v1/export`: every matching event, newest first, as CSV or NDJSON; itself audited. */
export class ExportEvents {
  constructor(private readonly deps: ExportDependencies) {}

  /** Runs the export for the query-string `params`. */
  async execute(params: QueryStringParameters, caller: Caller): Promise<ExportResult> {
    const { format, includeProofs, filters } = this.parse(params);
    const { archive } = this.deps;
    const plan = planAcrossTiers(filters, (this.deps.now ?? (() => new Date()))(), archive, MAX_SEARCH_DAYS);
    const rows = matchingEvents(this.deps.reader, plan, filters, { pageSize: EXPORT_PAGE_SIZE, ...(archive ? { archive: archive.reader } : {}) });
    const chunks: string[] = [];
    let count = 0;
    for await (const line of this.lines(rows, format, includeProofs)) {
      chunks.push(line);
      count += 1;
    }
    const rowCount = format === 'csv' ? count - 1 : count;
    await this.deps.auditor.record('audit.export', caller, {
      route: 'GET /v1/export',
      query: { ...filters, format, includeProofs, index: plan.index },
      resultCount: rowCount,
    });
    return this.deliver(chunks.join(''), format, rowCount);
  }

  /** The export's lines, one event at a time, as they are read from the store. */
  async *lines(rows: AsyncIterable<StoredEvent>, format: 'csv' | 'ndjson', includeProofs: boolean): AsyncGenerator<string> {
    if (format === 'csv') yield csvHeader();
    for await (const event of rows) {
      if (format === 'csv') yield csvRow(event);
      else if (!includeProofs) yield `${JSON.stringify(event)}\n`;
      else yield `${JSON.stringify({ event, proof: (await this.deps.proofs?.proofFor(event)) ?? null })}\n`;
    }
  }

  private parse(params: QueryStringParameters) {
    const { format: rawFormat, includeProofs: rawProofs, ...filterParams } = params ?? {};
    const parsed = z.strictObject({ format: ExportParamsSchema.shape.format, includeProofs: ExportParamsSchema.shape.includeProofs })
      .safeParse(dropUndefined({ format: rawFormat || undefined, includeProofs: rawProofs || undefined }));
    if (!parsed.success) throw new ValidationError('the query parameters are not valid', zodDetails(parsed.error, ''));
    const includeProofs = parsed.data.includeProofs === 'true';
    if (includeProofs && parsed.data.format !== 'ndjson') {
      throw new ValidationError('proofs are exported in ndjson only', [{ path: 'includeProofs', message: 'needs format=ndjson' }]);
    }
    if (includeProofs && !this.deps.proofs) {
      throw new ValidationError('proofs are not available in this deployment', [{ path: 'includeProofs', message: 'not available' }]);
    }
    return { format: parsed.data.format, includeProofs, filters: parseFilters(filterParams) };
  }

  private async deliver(body: string, format: 'csv' | 'ndjson', rows: number): Promise<ExportResult> {
    const bytes = Buffer.from(body, 'utf8');
    if (!this.deps.sink || bytes.byteLength <= (this.deps.inlineLimitBytes ?? 5 * 1024 * 1024)) {
      return { kind: 'inline', contentType: CONTENT_TYPES[format], body, rows };
    }
    const name = `export-${(this.deps.now ?? (() => new Date()))().toISOString().replace(/[:.]/g, '-')}.${format}`;
    const { url, expiresAt } = await this.deps.sink.put(name, CONTENT_TYPES[format], bytes);
    return { kind: 'link', url, expiresAt, rows };
  }
}

function dropUndefined(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined));
}
