import type { AuditEventInput } from '../event-schema';
import type { Finding } from './findings';
import type { PeriodReport } from './verify-period';

/** Findings written into the result event; the rest are counted by code (an event is at most 32 KB). */
export const FINDINGS_IN_EVENT = 20;

/** Longest finding message kept in the event: enough to name what is wrong, bounded so 20 fit. */
const MESSAGE_CHARS = 300;

/** The actor of every verification result: the verifier itself, not the function that ran it. */
export const VERIFIER_ACTOR = 'dmis-audit-verifier';

/** What one verification run records (an audit event) and publishes (a metric). */
export interface VerificationOutcome {
  /** `audit.integrity.verified`, or `audit.integrity.failed` naming the first findings. */
  readonly event: AuditEventInput;
  /** The IntegrityFailures value: error findings only (`info` ones are expected expiries). */
  readonly integrityFailures: number;
}

/**
 * The result of verifying a period, as the audit trail records it: verification is itself an
 * audited action, so a failed (or missing) result is visible in the trail it checks.
 */
export function verificationOutcome(report: PeriodReport, now: Date): VerificationOutcome {
  const errors = report.findings.filter((f) => f.severity === 'error');
  const event: AuditEventInput = {
    occurredAt: now.toISOString(),
    eventType: report.ok ? 'audit.integrity.verified' : 'audit.integrity.failed',
    actor: { userId: VERIFIER_ACTOR },
    outcome: report.ok ? 'success' : 'failure',
    metadata: {
      from: report.from ?? null,
      fromSeq: report.fromSeq,
      toSeq: report.toSeq,
      blocksChecked: report.blocksChecked,
      eventsChecked: report.eventsChecked,
      errorCount: errors.length,
      errorsByCode: countByCode(errors),
      findings: errors.slice(0, FINDINGS_IN_EVENT).map((f) => ({
        code: f.code,
        seq: f.seq ?? null,
        eventId: f.eventId ?? null,
        message: f.message.slice(0, MESSAGE_CHARS),
      })),
    },
  };
  return { event, integrityFailures: errors.length };
}

function countByCode(findings: readonly Finding[]): Record<string, number> {
  // Counted in a Map, then handed over as the plain object the event store marshals.
  const byCode = new Map<string, number>();
  for (const f of findings) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  return Object.fromEntries(byCode);
}
