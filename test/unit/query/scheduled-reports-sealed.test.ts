/** The login reports over sealed source addresses: counted per address by blind index, never shown. */
import { describe, expect, it } from '@jest/globals';
import { ReportBuilder } from '../../../lambdas/core/query/report-builder';
import { ScheduledReports } from '../../../lambdas/core/query/scheduled-reports';
import type { DailyLoginReport } from '../../../lambdas/core/query/scheduled-reports-logins';
import { blindNameOf, withSealedActor } from '../../fixtures/sealed-actor';
import { inMemoryReader, loginDay } from './scheduled-reports-fixtures';

async function dailyReport(sealed: boolean): Promise<DailyLoginReport> {
  const events = sealed ? loginDay().map(withSealedActor) : loginDay();
  const reports = new ScheduledReports({
    reader: inMemoryReader(events),
    ingest: { execute: async () => undefined as never },
    delivery: { store: async () => ({ markdown: 'm', json: 'j', link: 'l' }), notify: async () => undefined },
    lockout: { threshold: 10, windowSeconds: 300 },
    now: () => new Date('2026-11-23T06:00:00.000Z'),
  });
  const run = await reports.run({ report: 'daily-logins', date: '2026-11-20' }, { principal: 'scheduled:dmis-audit-reports' });
  return run.report as DailyLoginReport;
}

describe('daily login report over sealed addresses', () => {
  it('finds the same lockout patterns and counts, each address named by its blind', async () => {
    // Prepare
    const [clear, sealed] = await Promise.all([dailyReport(false), dailyReport(true)]);
    const rename = (key: string) => (key.includes('.') ? blindNameOf(key) : key);
    // Assess
    expect(sealed.totals).toEqual(clear.totals);
    expect(sealed.lockouts.patterns).toEqual(clear.lockouts.patterns.map((p) => (p.keyKind === 'sourceIp' ? { ...p, key: blindNameOf(p.key) } : p)));
    // Equal counts are listed by key, so only the order of ties may differ.
    expect(new Map(sealed.failures.byIp.map((x) => [x.key, x.count]))).toEqual(new Map(clear.failures.byIp.map((x) => [rename(x.key), x.count])));
    expect(sealed.lockouts.patterns[0]).toMatchObject({ keyKind: 'sourceIp', key: blindNameOf('192.0.2.66'), peakInWindow: 12 });
  });

  it('holds neither a sealed value nor an address', async () => {
    expect(JSON.stringify(await dailyReport(true))).not.toMatch(/pii:v1:|192\.0\.2\./);
  });
});

describe('compliance report over sealed addresses', () => {
  it('tallies failed logins per address by its blind name', () => {
    // Prepare: loginDay's failures, newest first, as the report reads them.
    const events = loginDay().map(withSealedActor).sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : -1));
    const builder = new ReportBuilder({ from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' });
    // Act
    for (const e of events) if (e.occurredAt.startsWith('2026-11-20')) builder.add(e);
    const report = builder.build({ generatedAt: '2026-11-21T00:00:00.000Z', generatedBy: 'auditor', integrity: { status: 'not_available' } });
    // Assess
    expect(report.failedLogins.byIp.slice(0, 2)).toEqual([{ key: blindNameOf('192.0.2.77'), count: 15 }, { key: blindNameOf('192.0.2.66'), count: 12 }]);
    expect(JSON.stringify(report)).not.toMatch(/pii:v1:k-test-subject-1:[0-9a-f]{32}:/);
  });
});
