/** The response schemas of the route table accept what the code really returns. */
import { describe, expect, it } from '@jest/globals';
import { AlarmListSchema, InclusionProofSchema, IntegrityReportSchema } from '../../../lambdas/core/api/route-schemas';
import { buildInclusionProof } from '../../../lambdas/core/integrity/proof';
import { createSignatureVerifier } from '../../../lambdas/core/integrity/signature';
import { verifyPeriod } from '../../../lambdas/core/integrity/verify-period';
import { alarmStatusOfNotification } from '../../../lambdas/core/monitoring/alarm-states';
import { LogRuleAlarms } from '../../../lambdas/core/monitoring/log-rule-alarms';
import { logRules, monitoringRules } from '../../../lambdas/core/monitoring/rules';
import { storedEventAt } from '../../fixtures/integrity/events';
import { IntegrityHarness, at } from '../../fixtures/integrity/harness';

/** Zod's issues for `value`, empty when it parses. */
const issuesOf = (schema: { safeParse: (v: unknown) => { error?: { issues: unknown[] } } }, value: unknown) =>
  schema.safeParse(value).error?.issues ?? [];

describe('route response schemas', () => {
  it('accept an inclusion proof as GET /v1/events/{eventId}/proof returns it', async () => {
    // Prepare
    const h = new IntegrityHarness();
    const event = storedEventAt(at(5));
    h.ingest(event, storedEventAt(at(6)), storedEventAt(at(7)));
    await h.seal(2 * 60);
    // Act
    const proof = await buildInclusionProof({ store: h.store, archive: h.archive, publicKeyPem: () => h.signer.publicKeyPem() }, event);
    // Assess
    expect({ auditPath: proof.auditPath.length > 0, issues: issuesOf(InclusionProofSchema, proof) }).toEqual({ auditPath: true, issues: [] });
  });

  it('accept a period report with findings as GET /v1/integrity returns it', async () => {
    // Prepare: a block removed from the table is a finding that names its seq
    const h = new IntegrityHarness();
    h.ingest(storedEventAt(at(5)), storedEventAt(at(65)));
    await h.seal(3 * 60);
    h.store.blocks.delete(1);
    const signatures = createSignatureVerifier({ [h.signer.keyId]: await h.signer.publicKeyPem() });
    // Act
    const report = await verifyPeriod(
      { store: h.store, archive: h.archive, source: h.table, signatures },
      { from: new Date(at(0)), to: new Date(at(120)), now: new Date(at(3 * 60)), graceSeconds: h.config.graceSeconds },
    );
    // Assess
    expect({ findings: report.findings.length > 0, issues: issuesOf(IntegrityReportSchema, report) }).toEqual({ findings: true, issues: [] });
  });

  it('accept the alarm states of AWS (from CloudWatch messages) and of the local runtime', () => {
    // Prepare
    const now = new Date('2026-11-23T18:10:00.000Z');
    const fromAws = alarmStatusOfNotification(JSON.stringify({
      AlarmName: 'Detection-failedlogins-ABC',
      AlarmDescription: '[high] failed-logins: Many failed logins.',
      NewStateValue: 'INSUFFICIENT_DATA',
      StateChangeTime: '2026-11-23T18:05:00.123+0000',
      Trigger: { Threshold: 10 },
    }));
    // Act
    const local = new LogRuleAlarms(logRules(monitoringRules()), now).statuses(now).statuses;
    // Assess
    expect({ local: local.length > 0, issues: issuesOf(AlarmListSchema, { alarms: [fromAws, ...local] }) }).toEqual({ local: true, issues: [] });
  });
});
