import type { IntegrityServices } from '../../composition/integrity-services';
import type { Finding } from '../../core/integrity/findings';
import { verifyPeriod, type PeriodReport } from '../../core/integrity/verify-period';
import type { IngestEvents } from '../../core/ingest-events';
import type { MetricSink } from '../shared/metric-sink';
import { logger } from '../shared/observability';

/** Findings written into the result event; the rest are counted by code (an event is at most 32 KB). */
const FINDINGS_IN_EVENT = 20;

/** What the scheduled verifier needs. */
export interface VerifierHandlerDeps {
  readonly integrity: Pick<IntegrityServices, 'verifyDeps' | 'sealer'>;
  readonly ingestEvents: Pick<IngestEvents, 'execute'>;
  readonly metric: MetricSink;
  /** Who the result event names as its source (the function). */
  readonly principal: string;
  /** How far back each run verifies; a little over the schedule so runs overlap. @default 25 */
  readonly lookbackHours?: number;
  readonly now?: () => Date;
}

/**
 * The scheduled verifier: verifies the recent part of the chain (and its tail), records
 * the result as an `audit.integrity.verified` / `audit.integrity.failed` audit event through
 * the ordinary ingest use case, and publishes `IntegrityFailures` (error findings) for the alarm.
 */
export function createVerifierHandler(deps: VerifierHandlerDeps) {
  return async (): Promise<PeriodReport> => {
    const now = (deps.now ?? (() => new Date()))();
    const from = new Date(now.getTime() - (deps.lookbackHours ?? 25) * 3_600_000);
    const { graceSeconds } = deps.integrity.sealer;
    const report = await verifyPeriod(await deps.integrity.verifyDeps(), { from, now, graceSeconds });
    const errors = report.findings.filter((f) => f.severity === 'error');
    deps.metric('IntegrityFailures', errors.length, 'Count');
    await deps.ingestEvents.execute(resultEvent(report, errors, now), { principal: deps.principal });
    if (errors.length > 0)
      logger.error('integrity verification failed', { errors: errors.length, first: errors.slice(0, 5) });
    else
      logger.info('integrity verified', { blocksChecked: report.blocksChecked, eventsChecked: report.eventsChecked });
    return report;
  };
}

function resultEvent(report: PeriodReport, errors: readonly Finding[], now: Date) {
  const byCode: Record<string, number> = {};
  for (const f of errors) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
  return {
    occurredAt: now.toISOString(),
    eventType: report.ok ? 'audit.integrity.verified' : 'audit.integrity.failed',
    actor: { userId: 'dmis-audit-verifier' },
    outcome: report.ok ? 'success' : 'failure',
    metadata: {
      from: report.from ?? null,
      fromSeq: report.fromSeq,
      toSeq: report.toSeq,
      blocksChecked: report.blocksChecked,
      eventsChecked: report.eventsChecked,
      errorCount: errors.length,
      errorsByCode: byCode,
      findings: errors.slice(0, FINDINGS_IN_EVENT).map((f) => ({
        code: f.code,
        seq: f.seq ?? null,
        eventId: f.eventId ?? null,
        message: f.message.slice(0, 300),
      })),
    },
  };
}
