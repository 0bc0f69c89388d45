import { describe, expect, it } from '@jest/globals';
import { buildStoredEvent } from '../../../lambdas/core/build-event';
import { ReportBuilder } from '../../../lambdas/core/query/report-builder';
import { renderReportMarkdown } from '../../../lambdas/core/query/report-markdown';

const PERIOD = { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' };
const meta = { generatedAt: '2026-11-21T00:00:00.000Z', generatedBy: 'auditor', integrity: { status: 'not_available' as const } };

function stored(occurredAt: string, ingestedAt: string, userId: string) {
  return buildStoredEvent(
    { occurredAt, eventType: 'donation.update', actor: { userId }, outcome: 'success' },
    { eventId: `00000000-0000-4000-8000-00000000000${userId.length}`, source: 'arn:aws:iam::123456789012:role/dmis-api', ingestedAt: new Date(ingestedAt) },
  );
}

describe('late arrivals in the compliance report', () => {
  it('counts, gives the longest delay and lists them in JSON and Markdown', () => {
    // Prepare: one event on time, one sent from an outbox 2.5 hours after it occurred.
    const onTime = stored('2026-11-20T15:00:00.000Z', '2026-11-20T15:00:01.000Z', 'u-1');
    const late = stored('2026-11-20T08:00:00.000Z', '2026-11-20T10:30:00.000Z', 'u-22');
    const builder = new ReportBuilder(PERIOD);
    // Act
    builder.add(onTime);
    builder.add(late);
    const report = builder.build(meta);
    const markdown = renderReportMarkdown(report);
    // Assess
    expect(report.lateArrivals).toEqual({
      thresholdSeconds: 300, total: 1, maxDelaySeconds: 9000,
      latest: [{ eventId: late.eventId, delaySeconds: 9000, occurredAt: late.occurredAt, ingestedAt: late.ingestedAt, eventType: 'donation.update', userId: 'u-22' }],
    });
    expect(markdown).toContain('## Late arrivals (1)\n\nEvents stored more than 300 s after they occurred; longest delay 2h 30m (9000 s).');
    expect(markdown).toContain(`| ${late.occurredAt} | ${late.ingestedAt} | 2h 30m | donation.update | u-22 | ${late.eventId} |`);
  });

  it('says so when there are none', () => {
    const report = new ReportBuilder(PERIOD).build(meta);
    expect(renderReportMarkdown(report)).toContain('## Late arrivals (0)\n\nEvents stored more than 300 s after they occurred.\n\nNone.');
  });
});
