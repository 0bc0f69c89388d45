/** The scheduled reports' core: daily login activity and weekly data changes over realistic event sets. */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../../lambdas/core/errors';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import type { ReportDelivery, ReportDocument, ReportNotice } from '../../../lambdas/core/query/report-delivery';
import { ScheduledReports, type ScheduledReportRun } from '../../../lambdas/core/query/scheduled-reports';
import type { WeeklyChangesReport } from '../../../lambdas/core/query/scheduled-reports-changes';
import type { DailyLoginReport } from '../../../lambdas/core/query/scheduled-reports-logins';
import { changeWeek, inMemoryReader, loginDay, stored } from './scheduled-reports-fixtures';

const DAY = { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' };
const WEEK = { from: '2026-11-16T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z' };
const NOW = new Date('2026-11-23T06:00:00.000Z');
const CALLER = { principal: 'scheduled:dmis-audit-reports' };
const LOCKOUT = { threshold: 10, windowSeconds: 300 };

const inPeriod = (e: StoredEvent, p: { from: string; to: string }) => e.occurredAt >= p.from && e.occurredAt < p.to;
const countBy = (events: readonly StoredEvent[], key: (e: StoredEvent) => string) => {
  const out = new Map<string, number>();
  for (const e of events) out.set(key(e), (out.get(key(e)) ?? 0) + 1);
  return out;
};
const loginUser = (e: StoredEvent) => (e.target?.type === 'user' ? e.target.id : e.actor.userId);

/** A delivery that keeps what it was given, and the order of every call (the audit write included). */
function recordingRun(events: readonly StoredEvent[]) {
  const calls: string[] = [];
  const documents: ReportDocument[] = [];
  const notices: ReportNotice[] = [];
  const audited: unknown[] = [];
  const delivery: ReportDelivery = {
    async store(d) {
      calls.push('store');
      documents.push(d);
      return { markdown: `s3://reports/${d.kind}/${d.label}.md`, json: `s3://reports/${d.kind}/${d.label}.json`, link: `https://console/${d.label}` };
    },
    async notify(n) {
      calls.push('notify');
      notices.push(n);
    },
  };
  const reports = new ScheduledReports({
    reader: inMemoryReader(events),
    ingest: { execute: async (body) => void (calls.push('audit'), audited.push(body)) as never },
    delivery,
    lockout: LOCKOUT,
    now: () => NOW,
  });
  return { reports, calls, documents, notices, audited };
}

describe('daily login activity', () => {
  const events = loginDay();
  const day = events.filter((e) => inPeriod(e, DAY) && e.eventType.startsWith('auth.'));
  let run: ScheduledReportRun;
  let report: DailyLoginReport;
  let rec: ReturnType<typeof recordingRun>;
  beforeAll(async () => {
    rec = recordingRun(events);
    run = await rec.reports.run({ report: 'daily-logins', date: '2026-11-20' }, CALLER);
    report = run.report as DailyLoginReport;
  });

  it('covers the UTC day and counts every login, logout and credential change in it', () => {
    const of = (type: string) => day.filter((e) => e.eventType === type);
    expect(report.period).toEqual(DAY);
    expect(report.totals).toEqual({
      events: day.length,
      loginSuccesses: of('auth.login.success').length,
      loginFailures: of('auth.login.failure').length,
      logouts: 1, passwordResets: 1, passwordChanges: 1, mfaChanges: 1,
      users: new Set(day.filter((e) => e.eventType.startsWith('auth.login.')).map(loginUser)).size,
      sourceIps: new Set(day.filter((e) => e.eventType.startsWith('auth.login.') && e.actor.ip).map((e) => e.actor.ip)).size,
    });
  });

  it('counts failures by user and by source IP', () => {
    const failures = day.filter((e) => e.eventType === 'auth.login.failure');
    const byUser = countBy(failures, loginUser);
    const byIp = countBy(failures, (e) => e.actor.ip ?? 'unknown');
    expect(new Map(report.failures.byUser.map((x) => [x.key, x.count]))).toEqual(byUser);
    expect(new Map(report.failures.byIp.map((x) => [x.key, x.count]))).toEqual(byIp);
    expect(report.failures.byIp.slice(0, 2)).toEqual([{ key: '192.0.2.77', count: 15 }, { key: '192.0.2.66', count: 12 }]);
  });

  it('flags the keys with at least 10 failures in 300 s, and not the slow guesser', () => {
    // Independently: for each key, the most failures within any window starting at a failure.
    const failures = day.filter((e) => e.eventType === 'auth.login.failure');
    const keys = new Map<string, number[]>();
    for (const e of failures) {
      for (const k of [...(e.actor.ip ? [`sourceIp#${e.actor.ip}`] : []), `targetUser#${loginUser(e)}`]) keys.set(k, [...(keys.get(k) ?? []), Date.parse(e.occurredAt)]);
    }
    const expected = [...keys].flatMap(([k, times]) => {
      const peak = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 300_000).length));
      return peak >= 10 ? [{ key: k, peak, failures: times.length }] : [];
    });
    const found = report.lockouts.patterns.map((p) => ({ key: `${p.keyKind}#${p.key}`, peak: p.peakInWindow, failures: p.failures }));
    expect(found).toEqual(expect.arrayContaining(expected));
    expect(found).toHaveLength(expected.length);
    expect(report.lockouts.patterns[0]).toMatchObject({ keyKind: 'sourceIp', key: '192.0.2.66', peakInWindow: 12, firstReachedAt: '2026-11-20T03:13:00.000Z' });
    expect(found.map((f) => f.key)).not.toContain('sourceIp#192.0.2.77');
    expect(report.lockouts).toMatchObject(LOCKOUT);
  });

  it('lists password resets and changes and MFA changes with who and for whom', () => {
    expect(report.credentialChanges.listed.map((c) => [c.eventType, c.userId, c.targetUserId])).toEqual([
      ['auth.mfa.change', 'officer-2', 'clerk-9'],
      ['auth.password.change', 'officer-2', 'clerk-9'],
      ['auth.password.reset', 'officer-2', 'clerk-9'],
    ]);
  });

  it('records the read, then stores both copies, then notifies', () => {
    expect(rec.calls).toEqual(['audit', 'store', 'notify']);
    expect(rec.audited[0]).toMatchObject({ eventType: 'audit.read', actor: { userId: CALLER.principal }, metadata: { report: 'daily-logins', query: { ...DAY, label: '2026-11-20' }, resultCount: day.length } });
    expect(JSON.parse(rec.documents[0]?.json ?? '')).toEqual(report);
    expect(rec.documents[0]?.markdown).toContain('| source IP | 192.0.2.66 | 12 | 12 | 2026-11-20T03:13:00.000Z |');
  });

  it('mails counts, user ids and the links, never an IP address', () => {
    const notice = rec.notices[0] as ReportNotice;
    expect(notice.subject).toMatch(/^DMIS audit: daily login activity 2026-11-20, \d+ lockout-worthy$/);
    expect(notice.text).toContain(`Logins: ${report.totals.loginSuccesses} successful, ${report.totals.loginFailures} failed`);
    expect(notice.text).toContain('Markdown: s3://reports/daily-logins/2026-11-20.md');
    expect(notice.text).not.toMatch(/\d+\.\d+\.\d+\.\d+/);
  });
});

describe('weekly data changes', () => {
  const events = changeWeek();
  const week = events.filter((e) => inPeriod(e, WEEK) && /\.(create|update)$/.test(e.eventType));
  const ok = week.filter((e) => e.outcome === 'success');
  let report: WeeklyChangesReport;
  let rec: ReturnType<typeof recordingRun>;
  beforeAll(async () => {
    rec = recordingRun(events);
    // No week given: the last complete ISO week before Monday 2026-11-23.
    report = (await rec.reports.run({ report: 'weekly-changes' }, CALLER)).report as WeeklyChangesReport;
  });

  it('covers ISO week 2026-W47, Monday to Monday UTC', () => {
    expect([report.label, report.period]).toEqual(['2026-W47', WEEK]);
  });

  it('counts creates, updates and unsuccessful attempts by record type', () => {
    const expected = ['donation', 'donation_intake', 'transfer', 'relief_request', 'relief_package', 'dispatch'].map((recordType) => ({
      recordType,
      creates: ok.filter((e) => e.eventType === `${recordType}.create`).length,
      updates: ok.filter((e) => e.eventType === `${recordType}.update`).length,
      notSuccessful: week.filter((e) => e.eventType.startsWith(`${recordType}.`) && e.outcome !== 'success').length,
    }));
    expect(report.byRecordType).toEqual(expected);
    expect(report.totals).toMatchObject({ events: week.length, creates: ok.filter((e) => e.eventType.endsWith('.create')).length, users: new Set(week.map((e) => e.actor.userId)).size });
  });

  it('counts changes by user', () => {
    const changes = countBy(ok, (e) => e.actor.userId);
    expect(new Map(report.byUser.map((u) => [u.userId, u.creates + u.updates]))).toEqual(changes);
  });

  it('names the records changed most, most first', () => {
    const touched = countBy(ok.filter((e) => e.target), (e) => `${e.target?.type}/${e.target?.id}`);
    const top = Math.max(...touched.values());
    expect(report.totals.records).toBe(touched.size);
    expect(report.mostTouched[0]?.changes).toBe(top);
    for (const m of report.mostTouched) expect(m.changes).toBe(touched.get(`${m.recordType}/${m.recordId}`));
  });

  it('mails no record id', () => {
    const text = rec.notices[0]?.text ?? '';
    expect(text).toContain(`Changes: ${report.totals.creates + report.totals.updates}`);
    expect(text).not.toMatch(/[A-Z]{3}-\d/);
  });
});

describe('report requests', () => {
  it.each([
    [{ report: 'monthly' }, 'report'],
    [{ report: 'daily-logins', week: '2026-W47' }, ''],
    [{ report: 'daily-logins', date: '2026-02-30' }, 'date'],
    [{ report: 'weekly-changes', week: '2025-W53' }, 'week'],
    [{ report: 'weekly-changes', week: '2026-W48' }, 'week'],
    [{ report: 'daily-logins', date: '2026-11-23' }, 'date'],
    ['daily-logins', ''],
  ])('refuses %o, storing and sending nothing', async (input, path) => {
    const rec = recordingRun([]);
    const error = await rec.reports.run(input, CALLER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    if (path) expect((error as ValidationError).details.map((d) => d.path)).toContain(path);
    expect(rec.calls).toEqual([]);
  });

  it('reports the previous UTC day by default', async () => {
    const rec = recordingRun(loginDay());
    const { report } = await rec.reports.run({ report: 'daily-logins' }, CALLER);
    expect(report.label).toBe('2026-11-22');
    expect(report.totals.events).toBe(0);
  });
});

describe('hostile user ids', () => {
  it('cannot break the Markdown tables or the mail text', async () => {
    // Prepare: a writer-chosen user id with a pipe, a line break and a terminal escape.
    const hostile = 'eve|x\n\u001b[2J';
    const events = loginDay().filter((e) => e.eventType !== 'auth.login.failure');
    const failures = Array.from({ length: 3 }, (_, i) => stored({ occurredAt: `2026-11-20T05:00:0${i}.000Z`, eventType: 'auth.login.failure', actor: { userId: hostile }, outcome: 'failure' }));
    const rec = recordingRun([...events, ...failures]);
    // Act
    await rec.reports.run({ report: 'daily-logins', date: '2026-11-20' }, CALLER);
    // Assess
    const markdown = rec.documents[0]?.markdown ?? '';
    expect(markdown).toContain('| eve\\|x \\u001b\\[2J | 3 |');
    expect(markdown).not.toContain('\u001b');
    expect(rec.notices[0]?.text).toContain('eve|x\\u000a\\u001b[2J (3)');
  });
});
