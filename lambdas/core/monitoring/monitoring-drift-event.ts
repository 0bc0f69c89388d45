/**
 * A monitoring drift check's result as the audit trail records it: weakened monitoring is
 * an integrity finding, so its findings become an `audit.integrity.monitoring_drift` event
 * (and the MonitoringDrift metric, whose alarm is the `monitoring-drift` rule).
 */
import type { AuditEventInput } from '../event-schema';
import type { DriftFinding } from './monitoring-drift';

/** Findings written into the event; the rest are counted by code (an event is at most 32 KB). */
export const DRIFT_FINDINGS_IN_EVENT = 20;

/** Longest expected/found text kept: a pattern fits, a runaway value does not fill the event. */
const VALUE_CHARS = 400;

/**
 * The event recording drift findings as `actorUserId` (the verifier's actor), or undefined
 * when there are none (the metric still says 0).
 */
export function monitoringDriftEvent(
  findings: readonly DriftFinding[],
  now: Date,
  actorUserId: string,
): AuditEventInput | undefined {
  if (findings.length === 0) return undefined;
  const byCode = new Map<string, number>();
  for (const f of findings) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  return {
    occurredAt: now.toISOString(),
    eventType: 'audit.integrity.monitoring_drift',
    actor: { userId: actorUserId },
    outcome: 'failure',
    metadata: {
      findingCount: findings.length,
      findingsByCode: Object.fromEntries(byCode),
      findings: findings.slice(0, DRIFT_FINDINGS_IN_EVENT).map((f) => ({
        code: f.code,
        subject: f.subject,
        expected: f.expected.slice(0, VALUE_CHARS),
        found: f.found.slice(0, VALUE_CHARS),
      })),
    },
  };
}
