import type { Block } from '../../core/integrity/block';
import type { SealDeps } from '../../core/integrity/seal-block';
import { msUntilDue, sealDueBlocks, type SealerConfig } from '../../core/integrity/sealer';
import { countUnsealed } from '../../core/integrity/unsealed-events';
import type { MetricSink } from '../shared/metric-sink';
import { logger } from '../shared/observability';

/** What one scheduled run reports (the sealed blocks themselves stay in the table and archive). */
export interface SealerRunSummary {
  readonly sealed: number;
  readonly lastSeq?: number;
  readonly lagSeconds: number;
  readonly unsealedEvents: number;
  readonly lateEventIds: readonly string[];
  readonly hashMismatches: readonly string[];
}

/** What the scheduled sealer needs (composition/sealer.ts builds the first two). */
export interface SealerHandlerDeps {
  readonly sealDeps: SealDeps;
  readonly config: SealerConfig;
  readonly metric: MetricSink;
  readonly now?: () => Date;
  /** Waits before a run seals (config.waitForDueSeconds). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Publishes the signing key into the trusted keys when absent or changed
   * (core/integrity/publish-keys.ts); run before the first seal of each cold start, so a
   * new key is trusted before it signs. @default not published
   */
  readonly publishKeys?: () => Promise<unknown>;
}

/**
 * The scheduled sealer: seals every interval past its grace, then reports SealLagSeconds
 * and UnsealedEvents (core/integrity/unsealed-events.ts).
 */
export function createSealerHandler(deps: SealerHandlerDeps) {
  let keysPublished = !deps.publishKeys;
  const publishThenSeal = async (now: Date) => {
    if (!keysPublished) {
      await deps.publishKeys?.();
      keysPublished = true;
    }
    return sealDueBlocks(deps.sealDeps, deps.config, now);
  };
  return async (): Promise<SealerRunSummary> => {
    const clock = deps.now ?? (() => new Date());
    // Scheduled at each interval's end: wait out its grace and seal it now, not a period later.
    const wait = msUntilDue(deps.config, clock());
    if (wait > 0) await (deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms))))(wait);
    const now = clock();
    const result = await publishThenSeal(now).catch((error: unknown) => failedRun(deps, now, error));
    const unsealedEvents = await countUnsealed(deps.sealDeps, deps.config, result);
    deps.metric('SealLagSeconds', result.lagSeconds, 'Seconds');
    deps.metric('UnsealedEvents', unsealedEvents, 'Count');
    // Late events are sealed (never dropped) but each one is a signal: a slow write or a backdated insert.
    deps.metric('LateSealedEvents', result.lateEventIds.length, 'Count');
    deps.metric('ResealRefused', result.resealRefused ? 1 : 0, 'Count');
    // Blocks were removed after their checkpoint was published: stop, never sign those sizes again.
    if (result.resealRefused)
      logger.error('sealer refused to seal again', { finding: 'reseal_refused', ...result.resealRefused });
    const last: Block | undefined = result.sealed[result.sealed.length - 1];
    const summary = {
      sealed: result.sealed.length,
      ...(last ? { lastSeq: last.seq } : {}),
      lagSeconds: result.lagSeconds,
      unsealedEvents,
      lateEventIds: result.lateEventIds,
      hashMismatches: result.hashMismatches,
    };
    if (result.lateEventIds.length > 0 || result.hashMismatches.length > 0)
      logger.warn('sealer noticed anomalies', { ...summary });
    else if (summary.sealed > 0)
      logger.info('sealer run', { sealed: summary.sealed, lastSeq: summary.lastSeq, lagSeconds: summary.lagSeconds });
    return summary;
  };
}

/**
 * A run that failed (archive unwritable, disk full, store down) still reports how far
 * sealing is behind, so the SealLagSeconds alarm fires while it keeps failing; the next
 * run resumes from the newest sealed block. Rethrows so the failure is also an error.
 */
async function failedRun(deps: SealerHandlerDeps, now: Date, error: unknown): Promise<never> {
  const latest = await deps.sealDeps.store.latestBlock().catch(() => undefined);
  if (latest) {
    const dueBefore = now.getTime() - deps.config.graceSeconds * 1000;
    deps.metric('SealLagSeconds', Math.max(0, (dueBefore - Date.parse(latest.to)) / 1000), 'Seconds');
  }
  logger.error('sealer run failed; sealing resumes from the newest sealed block', { error: String(error) });
  throw error;
}
