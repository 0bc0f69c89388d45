import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildAuditServices, type AuditServices } from '../../lambdas/composition/audit-services';
import { contentHashOf } from '../../lambdas/core/content-hash';
import { AuditError } from '../../lambdas/core/errors';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import { anEvent } from '../fixtures/events';
import { createTestTable } from '../setup/table';
import { ingestAll } from './query-fixtures';

const READER = { principal: 'arn:aws:sts::123456789012:assumed-role/AuditReader/auditor-ann' };
const NOW = '2026-11-20T12:00:00.000Z';
const THREE_HOURS_AGO = '2026-11-20T09:00:00.000Z';
const PERIOD = { from: '2026-11-20T00:00:00.000Z', to: '2026-11-20T11:59:00.000Z' };

/** An event held three hours in a client's outbox, stored beside one sent on time. */
describe('late arrivals on DynamoDB Local', () => {
  const actor = `officer-${randomUUID()}`;
  let services: AuditServices;
  let late: StoredEvent;
  let onTime: StoredEvent;

  beforeAll(async () => {
    const table = await createTestTable('audit-late');
    const key = randomBytes(32);
    services = buildAuditServices({
      documentClient: table.documentClient, tableName: table.tableName, clock: () => new Date(NOW),
      query: { cursorKey: async () => key },
    });
    [late, onTime] = (await ingestAll(services, [
      anEvent({ occurredAt: THREE_HOURS_AGO, actor: { userId: actor } }),
      anEvent({ occurredAt: '2026-11-20T11:58:30.000Z', actor: { userId: actor } }),
    ])) as [StoredEvent, StoredEvent];
  }, 120_000);

  it('keeps occurredAt and stores the event as sent, with no arrival mark', async () => {
    const read = await services.query.readEvent.execute(late.eventId, READER);
    expect({ occurredAt: read.occurredAt, ingestedAt: read.ingestedAt, hashOk: contentHashOf(read) === read.contentHash, marked: 'arrival' in read || 'lateArrival' in read })
      .toEqual({ occurredAt: THREE_HOURS_AGO, ingestedAt: NOW, hashOk: true, marked: false });
  });

  it('marks the late arrival beside the events of a search page', async () => {
    const page = await services.query.searchEvents.execute({ actor, ...PERIOD }, READER);
    expect(page.events.map((e) => e.eventId)).toEqual([onTime.eventId, late.eventId]);
    expect(page.lateArrivals).toEqual([{ eventId: late.eventId, delaySeconds: 10_800 }]);
  });

  it('filters to late arrivals with lateArrivals=true', async () => {
    const page = await services.query.searchEvents.execute({ actor, ...PERIOD, lateArrivals: 'true' }, READER);
    expect(page.events.map((e) => e.eventId)).toEqual([late.eventId]);
  });

  it('refuses any other lateArrivals value', async () => {
    expect.assertions(2);
    await services.query.searchEvents.execute({ actor, lateArrivals: 'yes' }, READER).catch((error: unknown) => {
      expect(error).toBeInstanceOf(AuditError);
      expect((error as AuditError).details.map((d) => d.path)).toEqual(['lateArrivals']);
    });
  });

  it('lists it in the compliance report, JSON and Markdown', async () => {
    const { report, markdown } = await services.query.complianceReport.execute({ ...PERIOD, format: 'markdown' }, READER);
    expect(report.lateArrivals).toEqual({
      thresholdSeconds: 300, total: 1, maxDelaySeconds: 10_800,
      latest: [{ eventId: late.eventId, delaySeconds: 10_800, occurredAt: THREE_HOURS_AGO, ingestedAt: NOW, eventType: late.eventType, userId: actor }],
    });
    expect(markdown).toContain('## Late arrivals (1)');
    expect(markdown).toContain(`| ${THREE_HOURS_AGO} | ${NOW} | 3h 0m | ${late.eventType} | ${actor} | ${late.eventId} |`);
  });
});
