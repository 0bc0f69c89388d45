import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildAuditServices, type AuditServices } from '../../lambdas/composition/audit-services';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import type { Stats } from '../../lambdas/core/query/api-schemas';
import { createTestTable } from '../setup/table';
import { BEFORE_READS, ingestAll, NOW, variedEvents } from './query-fixtures';

const READER = { principal: 'arn:aws:sts::123456789012:assumed-role/AuditReader/auditor-ann' };
const FROM = '2026-11-01T00:00:00.000Z';
const inPeriod = (e: StoredEvent, from: string, to: string) => e.occurredAt >= from && e.occurredAt < to;
const countBy = (events: StoredEvent[], key: (e: StoredEvent) => string) => {
  const out: Record<string, number> = {};
  for (const e of events) out[key(e)] = (out[key(e)] ?? 0) + 1;
  return out;
};

describe('GET /v1/stats and /v1/reports/compliance on DynamoDB Local', () => {
  let services: AuditServices;
  let stored: StoredEvent[];

  beforeAll(async () => {
    const table = await createTestTable('audit-reports');
    services = buildAuditServices({ documentClient: table.documentClient, tableName: table.tableName, clock: () => new Date(NOW) });
    stored = await ingestAll(services, variedEvents(400, 23));
  }, 120_000);

  describe('stats', () => {
    let stats: Stats;
    let period: StoredEvent[];
    beforeAll(async () => {
      stats = await services.query.getStats.execute({ from: FROM, to: BEFORE_READS }, READER);
      period = stored.filter((e) => inPeriod(e, FROM, BEFORE_READS));
    });

    it('counts the period by category, severity, outcome and type', () => {
      expect({ total: stats.total, byCategory: stats.byCategory, bySeverity: stats.bySeverity, byOutcome: stats.byOutcome, byEventType: stats.byEventType })
        .toEqual({
          total: period.length,
          byCategory: countBy(period, (e) => e.category),
          bySeverity: countBy(period, (e) => e.severity),
          byOutcome: countBy(period, (e) => e.outcome),
          byEventType: countBy(period, (e) => e.eventType),
        });
    });

    it('ranks the most active actors first', () => {
      const counts = countBy(period, (e) => e.actor.userId);
      const best = Math.max(...Object.values(counts));
      expect(stats.topActors[0]?.count).toBe(best);
    });

    it('counts failed logins in the last 24 hours', () => {
      const since = new Date(Date.parse(NOW) - 86_400_000).toISOString();
      expect(stats.failedLoginsLast24h).toBe(stored.filter((e) => e.eventType === 'auth.login.failure' && inPeriod(e, since, NOW)).length);
    });

    it('counts critical events in the last 7 days', () => {
      const since = new Date(Date.parse(NOW) - 7 * 86_400_000).toISOString();
      expect(stats.criticalLast7d).toBe(stored.filter((e) => e.severity === 'critical' && inPeriod(e, since, NOW)).length);
    });
  });

  describe('compliance report', () => {
    it('summarises event types, users, failures and coverage of the period', async () => {
      const { report } = await services.query.complianceReport.execute({ from: FROM, to: BEFORE_READS }, READER);
      const period = stored.filter((e) => inPeriod(e, FROM, BEFORE_READS));
      const times = period.map((e) => e.occurredAt).sort();
      expect(report.coverage).toMatchObject({ totalEvents: period.length, firstEvent: times[0], lastEvent: times.at(-1) });
      expect(Object.fromEntries(report.eventTypes.map((t) => [t.eventType, t.count]))).toEqual(countBy(period, (e) => e.eventType));
      expect(report.failedLogins.total).toBe(period.filter((e) => e.eventType === 'auth.login.failure').length);
      expect(report.denials.total).toBe(period.filter((e) => e.outcome === 'denied').length);
      expect(report.highAndCritical.total).toBe(period.filter((e) => e.severity === 'high' || e.severity === 'critical').length);
      expect(report.integrity.status).toBe('not_available');
    });

    it('lists a silent stretch as a gap', async () => {
      const { report } = await services.query.complianceReport.execute({ from: '2026-10-01T00:00:00Z', to: BEFORE_READS }, READER);
      expect(report.coverage.gaps[0]).toMatchObject({ from: '2026-10-01T00:00:00.000Z' });
      expect(report.coverage.gaps[0]?.hours).toBeGreaterThan(24 * 23);
    });

    it('renders Markdown with each section', async () => {
      const { markdown } = await services.query.complianceReport.execute({ from: FROM, to: BEFORE_READS, format: 'markdown' }, READER);
      for (const heading of ['## Integrity', '## Coverage', '## Event types', '## User activity', '## High and critical events', '## Failed logins', '## Denials']) {
        expect(markdown).toContain(heading);
      }
    });

    it('rejects a period longer than a year', async () => {
      await expect(services.query.complianceReport.execute({ from: '2024-01-01T00:00:00Z', to: BEFORE_READS }, READER))
        .rejects.toMatchObject({ code: 'invalid_request' });
    });
  });
});
