/** The reports Lambda's handler: a schedule's payload runs a report; a bad one is answered as JSON, nothing stored. */
import { describe, expect, it } from '@jest/globals';
import type { ReportDelivery } from '../../../lambdas/core/query/report-delivery';
import { ScheduledReports } from '../../../lambdas/core/query/scheduled-reports';
import { createReportsHandler } from '../../../lambdas/functions/reports/handler';
import { inMemoryReader, loginDay } from './scheduled-reports-fixtures';

function handlerOver(delivery: Partial<ReportDelivery> = {}) {
  const stored: string[] = [];
  const reports = new ScheduledReports({
    reader: inMemoryReader(loginDay()),
    ingest: { execute: async () => [] },
    delivery: {
      store: async (d) => (stored.push(`${d.kind}-${d.label}`), { markdown: `s3://b/${d.label}.md`, json: `s3://b/${d.label}.json`, link: 'https://l' }),
      notify: async () => undefined,
      ...delivery,
    },
    lockout: { threshold: 10, windowSeconds: 300 },
    now: () => new Date('2026-11-21T06:00:00.000Z'),
  });
  return { handle: createReportsHandler({ reports, principal: 'scheduled:reports' }), stored };
}

describe('reports handler', () => {
  it('runs the schedule payload for the previous day and says where the copies are', async () => {
    const { handle, stored } = handlerOver();
    const result = await handle({ report: 'daily-logins' });
    expect(result).toMatchObject({ ok: true, report: 'daily-logins', label: '2026-11-20', markdown: 's3://b/2026-11-20.md', json: 's3://b/2026-11-20.json' });
    expect(stored).toEqual(['daily-logins-2026-11-20']);
  });

  it('answers a bad payload with a JSON error naming the field, storing nothing', async () => {
    const { handle, stored } = handlerOver();
    const result = await handle({ report: 'weekly-changes', week: 'last' });
    expect(result).toEqual({ ok: false, error: { code: 'invalid_request', message: 'the report request is not valid', details: [expect.objectContaining({ path: 'week' })] } });
    expect(stored).toEqual([]);
  });

  it('fails the invocation when delivery fails, so the errors alarm sees it', async () => {
    const { handle } = handlerOver({ notify: async () => Promise.reject(new Error('sns down')) });
    await expect(handle({ report: 'daily-logins' })).rejects.toThrow('sns down');
  });
});
