/**
 * The scheduled verifier runs the monitoring drift check after the chain: it publishes
 * MonitoringDrift and records findings as an `audit.integrity.monitoring_drift` event that
 * the ingest schema and catalogue accept. CloudWatch is faked at the SDK boundary.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from '@jest/globals';
import { lazyVerifyDeps } from '../../../lambdas/composition/integrity-services';
import { awsMonitoringStateReader, buildMonitoringCheck } from '../../../lambdas/composition/monitoring-check';
import { lookupEventType } from '../../../lambdas/core/catalogue';
import { AuditEventInputSchema, type AuditEventInput } from '../../../lambdas/core/event-schema';
import { expectedMonitoring } from '../../../lambdas/core/monitoring/monitoring-expected';
import { createVerifierHandler } from '../../../lambdas/functions/verifier/handler';
import {
  deployedMonitoringOf,
  serveDeployedMonitoring,
  TARGET,
  type DeployedMonitoring,
} from '../../fixtures/deployed-monitoring';
import { at } from '../../fixtures/integrity/harness';
import { sealedSampleChain, TAMPER_NOW } from '../../fixtures/integrity/tamper-setup';

async function verifierWithMonitoring(tamper: (state: DeployedMonitoring) => void) {
  const { h } = await sealedSampleChain();
  const state = deployedMonitoringOf(expectedMonitoring(TARGET));
  tamper(state);
  serveDeployedMonitoring(state);
  const reader = awsMonitoringStateReader({
    logs: new CloudWatchLogsClient({ region: 'eu-west-1' }),
    cloudwatch: new CloudWatchClient({ region: 'eu-west-1' }),
  });
  const recorded: AuditEventInput[] = [];
  const metrics: Array<{ name: string; value: number }> = [];
  const verify = createVerifierHandler({
    integrity: { verifyDeps: lazyVerifyDeps(h.sealDeps), sealer: h.config },
    ingestEvents: {
      execute: async (event) => {
        recorded.push(event as AuditEventInput);
        return [];
      },
    },
    metric: (name, value) => metrics.push({ name, value }),
    principal: 'scheduled:audit-verifier-test',
    now: () => new Date(at(TAMPER_NOW)),
    monitoringCheck: buildMonitoringCheck(TARGET, reader),
  });
  await verify();
  return { recorded, metrics };
}

describe('verifier with the monitoring drift check', () => {
  it('publishes MonitoringDrift 0 and records only the chain result when monitoring is intact', async () => {
    const { recorded, metrics } = await verifierWithMonitoring(() => undefined);
    expect(metrics).toContainEqual({ name: 'MonitoringDrift', value: 0 });
    expect(recorded.map((e) => e.eventType)).toEqual(['audit.integrity.verified']);
  });

  it('records a catalogued, schema-valid drift event naming the deleted filter, and counts it', async () => {
    // Act
    const { recorded, metrics } = await verifierWithMonitoring((s) => {
      s.metricFilters = s.metricFilters.filter((f) => f.metricTransformations?.[0]?.metricName !== 'FailedLogins');
    });
    // Assess
    expect(metrics).toContainEqual({ name: 'MonitoringDrift', value: 1 });
    const drift = recorded.find((e) => e.eventType === 'audit.integrity.monitoring_drift');
    expect(AuditEventInputSchema.safeParse(drift).success).toBe(true);
    expect(lookupEventType('audit.integrity.monitoring_drift')?.severity).toBe('critical');
    expect(drift?.metadata).toEqual(
      expect.objectContaining({
        findingCount: 1,
        findings: [expect.objectContaining({ code: 'metric_filter_missing', subject: 'metric filter failed-logins' })],
      }),
    );
  });
});
