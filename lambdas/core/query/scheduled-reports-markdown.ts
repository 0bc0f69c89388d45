import { neutraliseControls } from '../display-text';
import { cell, integritySection, table } from './report-markdown';
import type { DailyLoginReport } from './scheduled-reports-logins';
import type { WeeklyChangesReport } from './scheduled-reports-changes';

/**
 * The scheduled reports as Markdown, built from the compliance report's parts (escaped
 * tables, the integrity section), so event data cannot break the document and control
 * characters are shown as `\uXXXX`.
 */

/** The daily login activity report. */
export function renderDailyLoginsMarkdown(r: DailyLoginReport): string {
  const t = r.totals;
  const l = r.lockouts;
  return finish([
    `# DMIS audit trail — daily login activity, ${r.label} (UTC)`,
    '',
    header(r),
    ...integritySection(r.integrity),
    '## Totals',
    '',
    ...table(['Logins', 'Failed logins', 'Logouts', 'Password resets', 'Password changes', 'MFA changes', 'Users', 'Source IPs'], [[
      t.loginSuccesses, t.loginFailures, t.logouts, t.passwordResets, t.passwordChanges, t.mfaChanges, t.users, t.sourceIps,
    ].map(String)]),
    `## Lockout-worthy patterns (${l.patterns.length})`,
    '',
    `At least ${l.threshold} failed logins for one user or from one source IP within ${l.windowSeconds} s (the real-time detector's thresholds).`,
    '',
    ...table(['Kind', 'Key', 'Failures in the day', 'Most in one window', 'Threshold first reached'], l.patterns.map((p) => [
      p.keyKind === 'sourceIp' ? 'source IP' : 'user', p.key, String(p.failures), String(p.peakInWindow), p.firstReachedAt,
    ])),
    `## Failed logins (${r.failures.total})`,
    '',
    ...counted('User', r.failures.byUser),
    ...counted('Source IP', r.failures.byIp),
    `## Successful logins (${r.successes.total})`,
    '',
    ...counted('User', r.successes.byUser),
    ...counted('Source IP', r.successes.byIp),
    `## Password resets and changes, MFA changes (${r.credentialChanges.total})`,
    '',
    ...table(['Occurred', 'Type', 'Outcome', 'User', 'For user', 'Event id'], r.credentialChanges.listed.map((c) => [
      c.occurredAt, c.eventType, c.outcome, c.userId, c.targetUserId ?? '', c.eventId,
    ])),
  ]);
}

/** The weekly data changes report. */
export function renderWeeklyChangesMarkdown(r: WeeklyChangesReport): string {
  const t = r.totals;
  const row = (c: { creates: number; updates: number; notSuccessful: number }) => [c.creates, c.updates, c.creates + c.updates, c.notSuccessful].map(String);
  return finish([
    `# DMIS audit trail — weekly data changes, ${r.label} (UTC)`,
    '',
    header(r),
    ...integritySection(r.integrity),
    '## Totals',
    '',
    `${t.creates + t.updates} changes (${t.creates} creates, ${t.updates} updates) by ${t.users} users to ${t.records} records; ${t.notSuccessful} attempts not successful.`,
    '',
    '## By record type',
    '',
    ...table(['Record type', 'Creates', 'Updates', 'Changes', 'Not successful'], r.byRecordType.map((c) => [c.recordType, ...row(c)])),
    '## By user',
    '',
    ...table(['User', 'Creates', 'Updates', 'Changes', 'Not successful'], r.byUser.map((c) => [c.userId, ...row(c)])),
    '## Records changed most',
    '',
    ...table(['Record type', 'Record id', 'Changes', 'Users', 'Last changed'], r.mostTouched.map((m) => [
      m.recordType, m.recordId, String(m.changes), String(m.users), m.lastChangedAt,
    ])),
  ]);
}

function header(r: { period: { from: string; to: string }; generatedAt: string; generatedBy: string }): string {
  return `Period: ${r.period.from} to ${r.period.to} (end exclusive). Generated ${r.generatedAt} by ${cell(r.generatedBy)}.\n`;
}

function counted(what: string, rows: readonly { key: string; count: number }[]): string[] {
  return table([what, 'Count'], rows.map((x) => [x.key, String(x.count)]));
}

function finish(lines: string[]): string {
  return `${neutraliseControls(lines.join('\n')).trimEnd()}\n`;
}
