import type { StoredEvent } from '../event-schema';
import type { Caller } from '../ports';
import { matchingEvents } from './matching-events';
import { parsePeriod, type Period } from './period';
import type { EventIndexReader, IntegrityStatus, IntegrityStatusSource } from './ports';
import { planQuery } from './query-plan';
import type { ReadAuditor } from './read-audit';
import { renderReportMarkdown } from './report-markdown';
import { GAP_HOURS, ReportBuilder } from './report-builder';
import type { QueryStringParameters } from './search-query';

export { GAP_HOURS };

/** The period report an auditor files. */
export interface ComplianceReport {
  readonly period: Period;
  readonly generatedAt: string;
  readonly generatedBy: string;
  readonly eventTypes: readonly { readonly eventType: string; readonly category: string; readonly count: number; readonly failures: number }[];
  readonly users: readonly UserActivity[];
  readonly highAndCritical: { readonly total: number; readonly listed: readonly ReportedEvent[] };
  readonly failedLogins: FailureSummary;
  readonly denials: FailureSummary;
  readonly integrity: IntegrityStatus;
  readonly coverage: Coverage;
}

/** One user's activity in the period. */
export interface UserActivity {
  readonly userId: string;
  readonly events: number;
  readonly failures: number;
  readonly denials: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

/** A high or critical event, in brief. */
export type ReportedEvent = Pick<StoredEvent, 'eventId' | 'occurredAt' | 'eventType' | 'severity' | 'outcome' | 'target'> & {
  readonly userId: string;
};

/** Failed logins or denials: how many, and by whom and from where. */
export interface FailureSummary {
  readonly total: number;
  readonly byUser: readonly { readonly key: string; readonly count: number }[];
  readonly byIp: readonly { readonly key: string; readonly count: number }[];
}

/** Whether the period is covered: first and last event, and silent stretches. */
export interface Coverage {
  readonly totalEvents: number;
  readonly firstEvent: string | null;
  readonly lastEvent: string | null;
  /** Stretches of at least {@link GAP_HOURS} hours without any event (period edges included). */
  readonly gaps: readonly { readonly from: string; readonly to: string; readonly hours: number }[];
}

/** What the report use case needs. */
export interface ReportDependencies {
  readonly reader: EventIndexReader;
  readonly auditor: ReadAuditor;
  readonly integrity?: IntegrityStatusSource;
  readonly now?: () => Date;
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
    for await (const event of matchingEvents(this.deps.reader, planQuery(filters, now), filters, { pageSize: 1000 })) {
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

