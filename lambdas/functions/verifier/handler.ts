import type { IntegrityServices } from '../../composition/integrity-services';
import type { IngestEvents } from '../../core/ingest-events';
import { verificationOutcome } from '../../core/integrity/verification-event';
import { verifyPeriod, type PeriodReport } from '../../core/integrity/verify-period';
import type { MetricSink } from '../shared/metric-sink';
import { logger } from '../shared/observability';

/** What the scheduled verifier needs (composition/verifier.ts builds the first two). */
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
 * the ordinary ingest use case, and publishes `IntegrityFailures` (error findings) for the alarm
 * (core/integrity/verification-event.ts).
 */
export function createVerifierHandler(deps: VerifierHandlerDeps) {
  return async (): Promise<PeriodReport> => {
    const now = (deps.now ?? (() => new Date()))();
    const from = new Date(now.getTime() - (deps.lookbackHours ?? 25) * 3_600_000);
    const { graceSeconds } = deps.integrity.sealer;
    const report = await verifyPeriod(await deps.integrity.verifyDeps(), { from, now, graceSeconds });
    const { event, integrityFailures } = verificationOutcome(report, now);
    deps.metric('IntegrityFailures', integrityFailures, 'Count');
    await deps.ingestEvents.execute(event, { principal: deps.principal });
    if (integrityFailures > 0) {
      const first = report.findings.filter((f) => f.severity === 'error').slice(0, 5);
      logger.error('integrity verification failed', { errors: integrityFailures, first });
    } else
      logger.info('integrity verified', { blocksChecked: report.blocksChecked, eventsChecked: report.eventsChecked });
    return report;
  };
}
