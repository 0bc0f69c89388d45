import type { QueryStringParameters } from '../parse-request';
import type { Caller } from '../ports';
import type { ComplianceReport } from './api-schemas';
import { matchingEvents } from './matching-events';
import { parsePeriod } from './period';
import type { EventIndexReader, IntegrityStatusSource } from './ports';
import type { ReadAuditor } from './read-audit';
import { renderReportMarkdown } from './report-markdown';
import { ReportBuilder } from './report-builder';
import { planAcrossTiers, type ArchiveTier } from './tiered-plan';

/** What the report use case needs. */
export interface ReportDependencies {
  readonly reader: EventIndexReader;
  readonly auditor: ReadAuditor;
  readonly integrity?: IntegrityStatusSource;
  readonly now?: () => Date;
  /** Where periods older than the hot window are read. @default none: the table only */
  readonly archive?: ArchiveTier;
}

/** `GET /v1/reports/compliance?from&to&format=json|markdown` (default period: the last 30 days, at most 366). */
export class ComplianceReportQuery {
  constructor(private readonly deps: ReportDependencies) {}

  /** The report, and its Markdown rendering when asked for. */
  async execute(params: QueryStringParameters, caller: Caller): Promise<{ report: ComplianceReport; markdown?: string }> {
    const now = (this.deps.now ?? (() => new Date()))();
    const { from, to, format } = parsePeriod(params, now, { defaultDays: 30, maxDays: 366 });
    const builder = new ReportBuilder({ from, to });
    const filters = { from, to };
    const { archive } = this.deps;
    const walk = { pageSize: 1000, ...(archive ? { archive: archive.reader } : {}) };
    for await (const event of matchingEvents(this.deps.reader, planAcrossTiers(filters, now, archive), filters, walk)) {
      builder.add(event);
    }
    const integrity = this.deps.integrity ? await this.deps.integrity.statusOf(from, to) : { status: 'not_available' as const };
    const report = builder.build({ generatedAt: now.toISOString(), generatedBy: caller.principal, integrity });
    await this.deps.auditor.record('audit.read', caller, {
      route: 'GET /v1/reports/compliance', query: { from, to, format }, resultCount: report.coverage.totalEvents,
    });
    return format === 'markdown' ? { report, markdown: renderReportMarkdown(report) } : { report };
  }
}

