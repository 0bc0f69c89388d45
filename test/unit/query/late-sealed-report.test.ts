import { describe, expect, it } from '@jest/globals';
import { createSignatureVerifier } from '../../../lambdas/core/integrity/signature';
import { integrityStatusFrom } from '../../../lambdas/core/query/integrity-links';
import { ReportBuilder } from '../../../lambdas/core/query/report-builder';
import { renderReportMarkdown } from '../../../lambdas/core/query/report-markdown';
import { storedEventAt } from '../../fixtures/integrity/events';
import { IntegrityHarness, at } from '../../fixtures/integrity/harness';

/** The compliance report lists events sealed late, with their seal delay, in JSON and Markdown. */
describe('late-sealed events in the compliance report', () => {
  it('lists the event, the block that sealed it and the delay', async () => {
    // Prepare: block 0 is sealed, then an event stamped inside it arrives and is sealed into block 1.
    const h = new IntegrityHarness();
    h.ingest(storedEventAt(at(5)));
    await h.seal(70);
    const late = storedEventAt(at(30));
    h.ingest(late);
    await h.seal(130);
    const signatures = createSignatureVerifier({ [h.signer.keyId]: await h.signer.publicKeyPem() });
    const status = integrityStatusFrom(
      { store: h.store, archive: h.archive, source: h.table, signatures },
      () => new Date(at(130)),
    );
    // Act
    const integrity = await status.statusOf(at(0), at(120));
    const report = new ReportBuilder({ from: at(0), to: at(120) }).build({
      generatedAt: at(130),
      generatedBy: 'auditor',
      integrity,
    });
    const markdown = renderReportMarkdown(report);
    // Assess
    expect(integrity.lateSealedEvents).toEqual([{ eventId: late.eventId, seq: 1, sealDelaySeconds: 90 }]);
    expect(markdown).toContain('### Late-sealed events (1)');
    expect(markdown).toContain(`| ${late.eventId} | 1 | 90 |`);
  });
});
