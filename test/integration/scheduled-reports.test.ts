/**
 * The scheduled reports on DynamoDB Local: events stored through the ingest use case, the
 * daily and weekly reports read through the real indexes a page at a time (far more events
 * than one page), written to the local reports folder and announced in notifications.ndjson;
 * and the local timer writing the last complete periods once.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { LocalReportDelivery } from '../../lambdas/adapters/local/local-report-delivery';
import { buildAuditServices, type AuditServices } from '../../lambdas/composition/audit-services';
import { buildReportServices } from '../../lambdas/composition/reports';
import type { AuditEventInput, StoredEvent } from '../../lambdas/core/event-schema';
import type { ScheduledReports } from '../../lambdas/core/query/scheduled-reports';
import type { WeeklyChangesReport } from '../../lambdas/core/query/scheduled-reports-changes';
import type { DailyLoginReport } from '../../lambdas/core/query/scheduled-reports-logins';
import { startLocalReports } from '../../local/reports';
import { anEvent } from '../fixtures/events';
import { runTsx } from '../fixtures/run-tsx';
import { createTestTable, type TestTable } from '../setup/table';
import { ingestAll, prng } from './query-fixtures';

const NOW = '2026-11-23T06:00:00.000Z';
const PAGE = 25;
const USERS = ['officer-1', 'officer-2', 'clerk-9', 'wh-lead'];
const RECORDS = ['donation', 'donation_intake', 'transfer', 'relief_request', 'relief_package', 'dispatch'];

/** Logins on 2026-11-20 (a burst from one IP among them) and record changes across ISO week 2026-W47 and the days around it. */
function seed(): AuditEventInput[] {
  const rnd = prng(3);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  const at = (base: string, s: number) => new Date(Date.parse(base) + s * 1000).toISOString();
  const logins = Array.from({ length: 160 }, () => {
    const ok = rnd() < 0.75;
    const userId = pick(USERS);
    return anEvent({
      occurredAt: at('2026-11-20T00:00:00.000Z', Math.floor(rnd() * 86_399)), eventType: ok ? 'auth.login.success' : 'auth.login.failure',
      actor: { userId, ip: `198.51.100.${1 + Math.floor(rnd() * 4)}` }, target: { type: 'user', id: userId }, outcome: ok ? 'success' : 'failure', changes: undefined,
    });
  });
  const burst = Array.from({ length: 11 }, (_, i) => anEvent({
    occurredAt: at('2026-11-20T02:00:00.000Z', i * 15), eventType: 'auth.login.failure',
    actor: { userId: 'admin', ip: '192.0.2.66' }, target: { type: 'user', id: 'admin' }, outcome: 'failure', changes: undefined,
  }));
  const changes = Array.from({ length: 140 }, () => {
    const record = pick(RECORDS);
    return anEvent({
      occurredAt: at('2026-11-15T12:00:00.000Z', Math.floor(rnd() * 7.5 * 86_400)), eventType: `${record}.${rnd() < 0.5 ? 'create' : 'update'}`,
      actor: { userId: pick(USERS) }, target: { type: record, id: `R-${Math.floor(rnd() * 5)}` }, outcome: rnd() < 0.9 ? 'success' : 'denied',
    });
  });
  return [...logins, ...burst, ...changes];
}

const inPeriod = (e: StoredEvent, from: string, to: string) => e.occurredAt >= from && e.occurredAt < to;

describe('scheduled reports on DynamoDB Local', () => {
  let table: TestTable;
  let services: AuditServices;
  let stored: StoredEvent[];
  let localDir: string;
  let reports: ScheduledReports;

  beforeAll(async () => {
    table = await createTestTable('audit-sched-reports');
    services = buildAuditServices({ documentClient: table.documentClient, tableName: table.tableName, clock: () => new Date(NOW) });
    stored = await ingestAll(services, seed());
    localDir = await mkdtemp(join(tmpdir(), 'dmis-reports-'));
    const delivery = new LocalReportDelivery(localDir, () => undefined);
    reports = buildReportServices({ ...table, delivery, clock: () => new Date(NOW), pageSize: PAGE });
  }, 120_000);

  it('writes the daily login report over every page of the day', async () => {
    // Prepare
    const day = stored.filter((e) => inPeriod(e, '2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z') && e.eventType.startsWith('auth.login.'));
    // Act
    await reports.run({ report: 'daily-logins', date: '2026-11-20' }, { principal: 'local:test' });
    const report = JSON.parse(await readFile(join(localDir, 'reports', 'daily-logins-2026-11-20.json'), 'utf8')) as DailyLoginReport;
    const markdown = await readFile(join(localDir, 'reports', 'daily-logins-2026-11-20.md'), 'utf8');
    // Assess
    expect(day.length).toBeGreaterThan(4 * PAGE);
    expect(report.totals).toMatchObject({
      events: day.length,
      loginSuccesses: day.filter((e) => e.outcome === 'success').length,
      loginFailures: day.filter((e) => e.outcome === 'failure').length,
    });
    expect(report.lockouts.patterns).toContainEqual(expect.objectContaining({ keyKind: 'sourceIp', key: '192.0.2.66', failures: 11, peakInWindow: 11 }));
    expect(markdown).toContain('# DMIS audit trail — daily login activity, 2026-11-20 (UTC)');
  }, 120_000);

  it('writes the weekly changes report of ISO week 2026-W47', async () => {
    // Prepare
    const week = stored.filter((e) => inPeriod(e, '2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z') && /\.(create|update)$/.test(e.eventType));
    const ok = week.filter((e) => e.outcome === 'success');
    // Act
    await reports.run({ report: 'weekly-changes' }, { principal: 'local:test' });
    const report = JSON.parse(await readFile(join(localDir, 'reports', 'weekly-changes-2026-W47.json'), 'utf8')) as WeeklyChangesReport;
    // Assess
    expect(report.totals).toMatchObject({
      events: week.length,
      creates: ok.filter((e) => e.eventType.endsWith('.create')).length,
      updates: ok.filter((e) => e.eventType.endsWith('.update')).length,
      notSuccessful: week.length - ok.length,
    });
    for (const t of report.byRecordType) expect(t.creates + t.updates).toBe(ok.filter((e) => e.eventType.startsWith(`${t.recordType}.`)).length);
  }, 120_000);

  it('announces each report in notifications.ndjson and records each run as an audit.read event', async () => {
    const notes = (await readFile(join(localDir, 'notifications.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { source: string; detail: { kind: string; label: string } });
    expect(notes.map((n) => [n.source, n.detail.kind, n.detail.label])).toEqual([['report', 'daily-logins', '2026-11-20'], ['report', 'weekly-changes', '2026-W47']]);
    const page = await services.query.searchEvents.execute({ eventType: 'audit.read', actor: 'local:test' }, { principal: 'local:test-reader' });
    expect(page.events.map((e) => (e.metadata as { report?: string }).report).sort()).toEqual(['daily-logins', 'weekly-changes']);
  }, 60_000);

  it('has the local timer write the last complete day and week once', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'dmis-reports-timer-'));
    const timer = startLocalReports({ ...table, localDir: dir, now: () => new Date(NOW), print: () => undefined, notBefore: new Date('2026-11-01T00:00:00.000Z') });
    try {
      // Act: the start-up run, then a second one that finds both written.
      const first = await timer.runDue();
      const again = await timer.runDue();
      // Assess
      const written = [...first, ...again].map((r) => `${r.report.kind}-${r.report.label}`);
      const onDisk = await Promise.all(['daily-logins-2026-11-22', 'weekly-changes-2026-W47'].map((n) => readFile(join(dir, 'reports', `${n}.json`), 'utf8').then(() => n)));
      expect(onDisk).toEqual(['daily-logins-2026-11-22', 'weekly-changes-2026-W47']);
      // The start-up run may have written them before runDue was called: either way, exactly once.
      expect(written.length).toBeLessThanOrEqual(2);
      expect(again).toEqual([]);
      const notes = (await readFile(join(dir, 'notifications.ndjson'), 'utf8')).trim().split('\n');
      expect(notes).toHaveLength(2);
    } finally {
      await timer.stop();
    }
  }, 120_000);

  it('writes a report of a named week from the CLI, and refuses a week the year does not have', async () => {
    // Prepare: a local folder whose runtime.json names the test table.
    const dir = await mkdtemp(join(tmpdir(), 'dmis-reports-cli-'));
    await writeFile(join(dir, 'runtime.json'), JSON.stringify({ dynamodbEndpoint: table.endpoint, tableName: table.tableName }));
    // Act
    const ok = await runTsx('bin/cli.ts', ['report', 'weekly-changes', '--week', '2026-W47', '--local-dir', dir, '--json']);
    const bad = await runTsx('bin/cli.ts', ['report', 'weekly-changes', '--week', '2025-W53', '--local-dir', dir]);
    // Assess
    expect(ok.code).toBe(0);
    const summary = JSON.parse(ok.stdout) as { label: string; json: string; events: number };
    const report = JSON.parse(await readFile(summary.json, 'utf8')) as WeeklyChangesReport;
    expect([summary.label, report.label, report.totals.events]).toEqual(['2026-W47', '2026-W47', summary.events]);
    expect(report.generatedBy).toBe('local:cli');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('week: no such ISO week');
  }, 240_000);

  it('skips periods that ended before the table existed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dmis-reports-new-'));
    const timer = startLocalReports({ ...table, localDir: dir, now: () => new Date(NOW), print: () => undefined, notBefore: new Date(NOW) });
    try {
      expect(await timer.runDue()).toEqual([]);
      await expect(readFile(join(dir, 'notifications.ndjson'), 'utf8')).rejects.toThrow();
    } finally {
      await timer.stop();
    }
  }, 60_000);
});
