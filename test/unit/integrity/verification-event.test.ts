/** The verifier's result as an audit event and as the IntegrityFailures metric value. */
import { describe, expect, it } from '@jest/globals';
import { AuditEventInputSchema } from '../../../lambdas/core/event-schema';
import type { Finding } from '../../../lambdas/core/integrity/findings';
import {
  FINDINGS_IN_EVENT,
  verificationOutcome,
  VERIFIER_ACTOR,
} from '../../../lambdas/core/integrity/verification-event';
import type { PeriodReport } from '../../../lambdas/core/integrity/verify-period';

const NOW = new Date('2030-01-02T02:30:00.000Z');

function report(findings: Finding[] = []): PeriodReport {
  const ok = !findings.some((f) => f.severity === 'error');
  return { ok, fromSeq: 3, toSeq: 9, blocksChecked: 6, eventsChecked: 40, findings, from: '2030-01-01T01:30:00.000Z' };
}

const error = (code: Finding['code'], seq: number, eventId?: string): Finding => ({
  severity: 'error',
  code,
  seq,
  ...(eventId ? { eventId } : {}),
  message: `${code} in block ${seq}`,
});

describe('verificationOutcome', () => {
  it('records a clean period as audit.integrity.verified, a success by the verifier, at the run time', () => {
    // Act
    const { event } = verificationOutcome(report(), NOW);
    // Assess
    expect(event).toMatchObject({
      eventType: 'audit.integrity.verified',
      outcome: 'success',
      actor: { userId: VERIFIER_ACTOR },
      occurredAt: NOW.toISOString(),
    });
  });

  it('publishes 0 IntegrityFailures for a clean period', () => {
    // Act
    const { integrityFailures } = verificationOutcome(report(), NOW);
    // Assess
    expect(integrityFailures).toBe(0);
  });

  it('records the range and counts it checked', () => {
    // Act
    const { event } = verificationOutcome(report(), NOW);
    // Assess
    expect(event.metadata).toMatchObject({
      from: '2030-01-01T01:30:00.000Z',
      fromSeq: 3,
      toSeq: 9,
      blocksChecked: 6,
      eventsChecked: 40,
      errorCount: 0,
      errorsByCode: {},
      findings: [],
    });
  });

  it('records a period with error findings as audit.integrity.failed, a failure', () => {
    // Act
    const { event } = verificationOutcome(report([error('merkle_root_mismatch', 4)]), NOW);
    // Assess
    expect({ eventType: event.eventType, outcome: event.outcome }).toEqual({
      eventType: 'audit.integrity.failed',
      outcome: 'failure',
    });
  });

  it('counts only error findings as IntegrityFailures, not expected expiries', () => {
    // Prepare
    const expired: Finding = { severity: 'info', code: 'event_expired', seq: 3, eventId: 'e-0', message: 'expired' };
    // Act
    const { integrityFailures, event } = verificationOutcome(
      report([error('event_deleted', 4, 'e-1'), expired, error('event_deleted', 5, 'e-2')]),
      NOW,
    );
    // Assess
    expect({ integrityFailures, errorCount: event.metadata?.errorCount }).toEqual({ integrityFailures: 2, errorCount: 2 });
  });

  it('tallies errors by code and names each one by block and event', () => {
    // Act
    const { event } = verificationOutcome(
      report([error('event_deleted', 4, 'e-1'), error('chain_broken', 5), error('event_deleted', 6, 'e-2')]),
      NOW,
    );
    // Assess
    expect(event.metadata).toMatchObject({
      errorsByCode: { event_deleted: 2, chain_broken: 1 },
      findings: [
        { code: 'event_deleted', seq: 4, eventId: 'e-1', message: 'event_deleted in block 4' },
        { code: 'chain_broken', seq: 5, eventId: null, message: 'chain_broken in block 5' },
        { code: 'event_deleted', seq: 6, eventId: 'e-2', message: 'event_deleted in block 6' },
      ],
    });
  });

  it(`keeps the first ${FINDINGS_IN_EVENT} findings in the event but counts them all`, () => {
    // Prepare
    const many = Array.from({ length: FINDINGS_IN_EVENT + 5 }, (_, i) => error('block_missing', i));
    // Act
    const { event, integrityFailures } = verificationOutcome(report(many), NOW);
    // Assess
    const findings = event.metadata?.findings as unknown[];
    expect({ kept: findings.length, integrityFailures }).toEqual({ kept: FINDINGS_IN_EVENT, integrityFailures: 25 });
  });

  it('cuts long finding messages so the event stays within its size limit', () => {
    // Prepare
    const long: Finding = { ...error('block_malformed', 1), message: 'x'.repeat(5000) };
    // Act
    const { event } = verificationOutcome(report([long]), NOW);
    // Assess
    const [first] = event.metadata?.findings as Array<{ message: string }>;
    expect(first?.message.length).toBe(300);
  });

  it('builds an event the ingest schema accepts', () => {
    // Act
    const { event } = verificationOutcome(report([error('signature_invalid', 2)]), NOW);
    // Assess
    expect(AuditEventInputSchema.safeParse(event).success).toBe(true);
  });
});
