/**
 * The scheduled reports' configuration (context keys reportEmails, dailyReportSchedule,
 * weeklyReportSchedule), resolved for lib/config.ts. Schedules are EventBridge cron fields
 * in UTC; `cron(...)` around them is accepted and dropped.
 */
import { ConfigError, readList, type ConfigSource } from './config-readers';
import { EMAIL_ADDRESS } from './constructs/email-subscriptions';
import { scheduleProblem, unwrapCron } from './constructs/scheduled-reports-cron';

/** The security team's daily login activity and weekly data changes reports. */
export interface ReportsConfig {
  /** Addresses mailed each report's counts and link (context `reportEmails`). Empty: stored only. */
  readonly emails: readonly string[];
  /** When the daily login activity report of the previous UTC day runs (context `dailyReportSchedule`). */
  readonly dailySchedule: string;
  /** When the weekly data changes report of the previous ISO week runs (context `weeklyReportSchedule`). */
  readonly weeklySchedule: string;
}

/** Daily at 06:00 UTC; weekly on Mondays at 06:00 UTC. */
export const DEFAULT_REPORTS: ReportsConfig = {
  emails: [],
  dailySchedule: '0 6 * * ? *',
  weeklySchedule: '0 6 ? * MON *',
};

/** The reports settings; a bad schedule names its context key. */
export function readReports(source: ConfigSource): ReportsConfig {
  return {
    emails: readList(source, 'reportEmails', EMAIL_ADDRESS, 'an email address such as secops@example.gov'),
    dailySchedule: readSchedule(source, 'dailyReportSchedule', DEFAULT_REPORTS.dailySchedule),
    weeklySchedule: readSchedule(source, 'weeklyReportSchedule', DEFAULT_REPORTS.weeklySchedule),
  };
}

function readSchedule(source: ConfigSource, field: string, fallback: string): string {
  const raw = source(field);
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string') throw new ConfigError(field, 'must be EventBridge cron fields as a string, e.g. "0 6 * * ? *"');
  const problem = scheduleProblem(raw);
  if (problem) throw new ConfigError(field, problem);
  return unwrapCron(raw);
}
