import type { IntegrityServices } from '../../composition/integrity-services';
import type { MonitoringCheck } from '../../composition/monitoring-check';
import type { Remembering } from '../../composition/verifier';
import type { IngestEvents } from '../../core/ingest-events';
import { VERIFIER_ACTOR, verificationOutcome } from '../../core/integrity/verification-event';
import { verifyPeriod, type PeriodReport } from '../../core/integrity/verify-period';
import { verifyRemembering, type RememberingDeps } from '../../core/integrity/kept-checkpoint';
import { monitoringDriftEvent } from '../../core/monitoring/monitoring-drift-event';
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
  /** Compares the deployed monitoring with the rules (composition/monitoring-check.ts). @default not run */
  readonly monitoringCheck?: MonitoringCheck;
  /**
   * The published checkpoints and the verifier's own memory of the last one it verified.
   * When set, each run verifies the whole log against the remembered checkpoint, then
   * remembers the newest. @default only the lookback period is verified
   */
  readonly remembering?: Remembering;
  /**
   * Sends the newest published checkpoint to the auditors after each run (SNS e-mail on
   * AWS), whether or not the run found the log sound. @default not sent
   */
  readonly mailCheckpoint?: (note: string, verified: boolean) => Promise<void>;
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
    const verify = await deps.integrity.verifyDeps();
    const report = deps.remembering
      ? await verifyRemembering(await rememberingDeps(deps.remembering, verify), { now, graceSeconds })
      : await verifyPeriod(verify, { from, now, graceSeconds });
    const { event, integrityFailures } = verificationOutcome(report, now);
    deps.metric('IntegrityFailures', integrityFailures, 'Count');
    await deps.ingestEvents.execute(event, { principal: deps.principal });
    if (integrityFailures > 0) {
      const first = report.findings.filter((f) => f.severity === 'error').slice(0, 5);
      logger.error('integrity verification failed', { errors: integrityFailures, first });
    } else
      logger.info('integrity verified', { blocksChecked: report.blocksChecked, eventsChecked: report.eventsChecked });
    if (deps.monitoringCheck) await checkMonitoring(deps, deps.monitoringCheck, now);
    if (deps.mailCheckpoint && deps.remembering) await mailNewest(deps.remembering, deps.mailCheckpoint, report.ok);
    return report;
  };
}

async function rememberingDeps(remembering: Remembering, verify: RememberingDeps['verify']): Promise<RememberingDeps> {
  const { publicKeyPems } = remembering;
  return { ...remembering, verify, publicKeyPems: typeof publicKeyPems === 'function' ? await publicKeyPems() : publicKeyPems };
}

/** Mails the newest published note, after the run: a failing mail never hides the chain's result. */
async function mailNewest(remembering: Remembering, mail: NonNullable<VerifierHandlerDeps['mailCheckpoint']>, ok: boolean) {
  const note = await remembering.published.latest();
  if (note === undefined) return;
  await mail(note, ok);
  logger.info('checkpoint mailed to auditors');
}

/**
 * Runs the monitoring drift check after the chain is verified (so a failure to read
 * CloudWatch never hides the chain's result): MonitoringDrift is the number of findings,
 * and findings are recorded as an `audit.integrity.monitoring_drift` event.
 */
async function checkMonitoring(deps: VerifierHandlerDeps, check: MonitoringCheck, now: Date): Promise<void> {
  const findings = await check();
  deps.metric('MonitoringDrift', findings.length, 'Count');
  const event = monitoringDriftEvent(findings, now, VERIFIER_ACTOR);
  if (!event) {
    logger.info('monitoring as defined');
    return;
  }
  await deps.ingestEvents.execute(event, { principal: deps.principal });
  logger.error('monitoring drift', { findings: findings.length, first: findings.slice(0, 5).map((f) => f.message) });
}
