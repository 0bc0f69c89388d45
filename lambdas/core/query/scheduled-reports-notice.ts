import { neutraliseLine } from '../display-text';
import type { ReportNotice, StoredReport } from './report-delivery';
import type { WeeklyChangesReport } from './scheduled-reports-changes';
import type { DailyLoginReport } from './scheduled-reports-logins';

/**
 * The e-mail a scheduled report sends: counts and user ids only, never event content (no
 * IPs, record ids, reasons or metadata); the copies in encrypted storage hold the rest.
 */

const NAMED_USERS = 5;
const MAX_USER_ID = 64;

/** The notice of a daily login activity report. */
export function dailyLoginsNotice(r: DailyLoginReport, stored: StoredReport): ReportNotice {
  const t = r.totals;
  const patterns = r.lockouts.patterns;
  const users = patterns.filter((p) => p.keyKind === 'targetUser').map((p) => p.key);
  const ips = patterns.length - users.length;
  const lockouts = patterns.length === 0 ? '' : `, ${patterns.length} lockout-worthy`;
  return notice(r, `DMIS audit: daily login activity ${r.label}${lockouts}`, stored, [
    `Daily login activity for ${r.label} (UTC). Integrity: ${r.integrity.status}.`,
    `Logins: ${t.loginSuccesses} successful, ${t.loginFailures} failed, by ${t.users} users from ${t.sourceIps} source IPs; ${t.logouts} logouts.`,
    `Password resets: ${t.passwordResets}; password changes: ${t.passwordChanges}; MFA changes: ${t.mfaChanges}.`,
    `Lockout-worthy patterns (at least ${r.lockouts.threshold} failures within ${r.lockouts.windowSeconds} s): ${patterns.length}` +
      (patterns.length === 0 ? '.' : ` (users: ${names(users)}; source IPs: ${ips}).`),
    `Most failed logins: ${ranked(r.failures.byUser)}.`,
  ]);
}

/** The notice of a weekly data changes report. */
export function weeklyChangesNotice(r: WeeklyChangesReport, stored: StoredReport): ReportNotice {
  const t = r.totals;
  return notice(r, `DMIS audit: weekly data changes ${r.label}, ${t.creates + t.updates} changes`, stored, [
    `Weekly data changes for ${r.label} (${r.period.from.slice(0, 10)} to ${r.period.to.slice(0, 10)}, UTC). Integrity: ${r.integrity.status}.`,
    `Changes: ${t.creates + t.updates} (${t.creates} creates, ${t.updates} updates) by ${t.users} users to ${t.records} records; ${t.notSuccessful} attempts not successful.`,
    `By record type: ${r.byRecordType.map((c) => `${c.recordType} ${c.creates + c.updates}`).join(', ')}.`,
    `Most active users: ${ranked(r.byUser.map((u) => ({ key: u.userId, count: u.creates + u.updates })))}.`,
  ]);
}

function notice(r: DailyLoginReport | WeeklyChangesReport, subject: string, stored: StoredReport, lines: string[]): ReportNotice {
  const text = [...lines, '', `Report: ${stored.link}`, `Markdown: ${stored.markdown}`, `JSON: ${stored.json}`].join('\n');
  return { kind: r.kind, label: r.label, subject: subject.slice(0, 100), text, link: stored.link };
}

function ranked(rows: readonly { key: string; count: number }[]): string {
  const named = rows.filter((r) => r.count > 0).slice(0, NAMED_USERS);
  return named.length === 0 ? 'none' : named.map((r) => `${userId(r.key)} (${r.count})`).join(', ');
}

function names(ids: readonly string[]): string {
  const shown = ids.slice(0, NAMED_USERS).map(userId).join(', ');
  return ids.length > NAMED_USERS ? `${shown} and ${ids.length - NAMED_USERS} more` : shown || 'none';
}

/** A user id on one line, control characters visible, cut to a length a mail line can carry. */
function userId(id: string): string {
  const line = neutraliseLine(id);
  return line.length > MAX_USER_ID ? `${line.slice(0, MAX_USER_ID)}…` : line;
}
