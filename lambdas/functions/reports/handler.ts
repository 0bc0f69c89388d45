import { AuditError } from '../../core/errors';
import type { ScheduledReports } from '../../core/query/scheduled-reports';
import { logger } from '../shared/observability';

/** What the reports handler needs (composition/reports.ts builds the reports). */
export interface ReportsHandlerDeps {
  readonly reports: Pick<ScheduledReports, 'run'>;
  /** Who the run's audit.read event names (the function). */
  readonly principal: string;
}

/** What one invocation answers: where the report went, or why the payload was refused. */
export type ReportsHandlerResult =
  | { readonly ok: true; readonly report: string; readonly label: string; readonly events: number; readonly markdown: string; readonly json: string }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string; readonly details: readonly { path: string; message: string }[] } };

/**
 * The scheduled reports' handler: an EventBridge schedule sends `{"report": "daily-logins"}`
 * or `{"report": "weekly-changes"}`; a re-run adds `"date": "YYYY-MM-DD"` or `"week": "YYYY-Www"`.
 * A payload it refuses is answered as JSON naming the bad field, nothing stored or sent;
 * any other failure fails the invocation (the function-errors alarm sees it).
 */
export function createReportsHandler(deps: ReportsHandlerDeps) {
  return async (event: unknown): Promise<ReportsHandlerResult> => {
    try {
      const { report, stored } = await deps.reports.run(event, { principal: deps.principal });
      logger.info('report delivered', { report: report.kind, label: report.label, events: report.totals.events });
      return { ok: true, report: report.kind, label: report.label, events: report.totals.events, markdown: stored.markdown, json: stored.json };
    } catch (error) {
      if (!(error instanceof AuditError) || error.code !== 'invalid_request') throw error;
      logger.warn('report request refused', { code: error.code, details: error.details });
      return { ok: false, error: { code: error.code, message: error.message, details: error.details } };
    }
  };
}
