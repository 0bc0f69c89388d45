import '../zod-messages';
import * as z from 'zod/mini';
import { ValidationError } from '../errors';
import type { StoredEvent } from '../event-schema';
import type { IngestEvents } from '../ingest-events';
import type { BruteForceSettings } from '../monitoring/brute-force-detector';
import { zodDetails } from '../parse-request';
import type { Caller } from '../ports';
import type { IntegrityStatus } from './api-schemas';
import { matchingEvents } from './matching-events';
import type { EventIndexReader, IntegrityStatusSource } from './ports';
import { planQuery } from './query-plan';
import type { ReportDelivery, ReportNotice, StoredReport } from './report-delivery';
import { CHANGE_FILTERS, WeeklyChangesBuilder, type WeeklyChangesReport } from './scheduled-reports-changes';
import { DailyLoginBuilder, LOGIN_FILTER, type DailyLoginReport } from './scheduled-reports-logins';
import { renderDailyLoginsMarkdown, renderWeeklyChangesMarkdown } from './scheduled-reports-markdown';
import { dailyLoginsNotice, weeklyChangesNotice } from './scheduled-reports-notice';
import {
  assertEnded, dayPeriod, ISO_WEEK, isoWeekPeriod, previousDay, previousIsoWeek, UTC_DATE, type ReportPeriod,
} from './scheduled-reports-periods';
import type { SearchFilters } from './search-query';

/** The scheduled reports, by the name a schedule, the CLI and the file names use. */
export const SCHEDULED_REPORT_KINDS = ['daily-logins', 'weekly-changes'] as const;
export type ScheduledReportKind = (typeof SCHEDULED_REPORT_KINDS)[number];

/** What a schedule or a re-run asks for: a report, and optionally its period (default: the last complete one). */
export const ScheduledReportRequestSchema = z.discriminatedUnion('report', [
  z.strictObject({
    report: z.literal('daily-logins'),
    date: z.optional(z.string().check(z.regex(UTC_DATE, 'must be a UTC date YYYY-MM-DD'))),
  }),
  z.strictObject({
    report: z.literal('weekly-changes'),
    week: z.optional(z.string().check(z.regex(ISO_WEEK, 'must be an ISO week YYYY-Www'))),
  }),
]);
export type ScheduledReportRequest = z.infer<typeof ScheduledReportRequestSchema>;

/** Either report, as its JSON copy holds it. */
export type ScheduledReport = DailyLoginReport | WeeklyChangesReport;

/** What the scheduled reports need. */
export interface ScheduledReportsDependencies {
  readonly reader: EventIndexReader;
  /** Each run is recorded as an `audit.read` event through the writer's own use case. */
  readonly ingest: Pick<IngestEvents, 'execute'>;
  readonly delivery: ReportDelivery;
  /** The verifier's verdict on the period. @default none: "not_available" */
  readonly integrity?: IntegrityStatusSource;
  /** The brute-force thresholds of the monitoring config (the real-time detector's). */
  readonly lockout: BruteForceSettings;
  readonly now?: () => Date;
  /** Rows per store request; every page of the period is read. @default 1000 */
  readonly pageSize?: number;
}

/** What one run produced and where it went. */
export interface ScheduledReportRun {
  readonly report: ScheduledReport;
  readonly stored: StoredReport;
  readonly notice: ReportNotice;
}

/** Builds a daily login or weekly change report over every event of its period, records the read, stores it and notifies. */
export class ScheduledReports {
  constructor(private readonly deps: ScheduledReportsDependencies) {}

  /** Runs the report `input` asks for (a schedule's or a re-run's payload); a ValidationError stores nothing. */
  async run(input: unknown, caller: Caller): Promise<ScheduledReportRun> {
    const now = (this.deps.now ?? (() => new Date()))();
    const request = parseScheduledReportRequest(input);
    const period = periodOf(request, now);
    const meta = { generatedAt: now.toISOString(), generatedBy: caller.principal };
    const report = request.report === 'daily-logins' ? await this.dailyLogins(period, meta, now) : await this.weeklyChanges(period, meta, now);
    await this.recordRead(report, caller, now);
    const markdown = report.kind === 'daily-logins' ? renderDailyLoginsMarkdown(report) : renderWeeklyChangesMarkdown(report);
    const stored = await this.deps.delivery.store({ kind: report.kind, label: report.label, markdown, json: `${JSON.stringify(report, null, 2)}\n` });
    const notice = report.kind === 'daily-logins' ? dailyLoginsNotice(report, stored) : weeklyChangesNotice(report, stored);
    await this.deps.delivery.notify(notice);
    return { report, stored, notice };
  }

  private async dailyLogins(period: ReportPeriod, meta: Meta, now: Date): Promise<DailyLoginReport> {
    const builder = new DailyLoginBuilder(period, this.deps.lockout);
    // One walk, newest first, as the lockout windows need.
    await this.walk(LOGIN_FILTER, period, now, (e) => builder.add(e));
    return builder.build({ ...meta, integrity: await this.integrityOf(period) });
  }

  private async weeklyChanges(period: ReportPeriod, meta: Meta, now: Date): Promise<WeeklyChangesReport> {
    const builder = new WeeklyChangesBuilder(period);
    await Promise.all(CHANGE_FILTERS.map((f) => this.walk(f, period, now, (e) => builder.add(e))));
    return builder.build({ ...meta, integrity: await this.integrityOf(period) });
  }

  /** Every event of the period matching `base`, page after page until the index has no more. */
  private async walk(base: SearchFilters, period: ReportPeriod, now: Date, add: (e: StoredEvent) => void) {
    const filters = { ...base, from: period.from, to: period.to };
    for await (const event of matchingEvents(this.deps.reader, planQuery(filters, now), filters, { pageSize: this.deps.pageSize ?? 1000 })) add(event);
  }

  private async integrityOf(period: ReportPeriod): Promise<IntegrityStatus> {
    return this.deps.integrity ? this.deps.integrity.statusOf(period.from, period.to) : { status: 'not_available' };
  }

  /** Like every read of the trail, a report run is itself an audit event; written before anything leaves. */
  private async recordRead(report: ScheduledReport, caller: Caller, now: Date): Promise<void> {
    await this.deps.ingest.execute(
      {
        occurredAt: now.toISOString(),
        eventType: 'audit.read',
        actor: { userId: caller.principal.slice(0, MAX_USER_ID) || 'unknown' },
        outcome: 'success',
        metadata: { report: report.kind, query: { ...report.period, label: report.label }, resultCount: report.totals.events },
      },
      caller,
    );
  }
}

type Meta = { generatedAt: string; generatedBy: string };

const MAX_USER_ID = 256;

/** Validates a schedule's or a re-run's payload; throws a ValidationError naming the bad field. */
export function parseScheduledReportRequest(input: unknown): ScheduledReportRequest {
  const parsed = ScheduledReportRequestSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('the report request is not valid', zodDetails(parsed.error, ''));
  return parsed.data;
}

/** The request's period: the one it names, else the last complete day or ISO week; never one still running. */
export function periodOf(request: ScheduledReportRequest, now: Date): ReportPeriod {
  const period =
    request.report === 'daily-logins'
      ? dayPeriod(request.date ?? previousDay(now))
      : isoWeekPeriod(request.week ?? previousIsoWeek(now));
  assertEnded(period, now, request.report === 'daily-logins' ? 'date' : 'week');
  return period;
}
