import type { Block } from '../../core/integrity/block';
import type { SealDeps } from '../../core/integrity/seal-block';
import { sealDueBlocks, type SealerConfig, type SealRunResult } from '../../core/integrity/sealer';
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

/** Intervals counted for UnsealedEvents when the sealer is behind: enough to alarm, bounded in cost. */
const UNSEALED_COUNT_INTERVALS = 10;

/**
 * The scheduled sealer: seals every interval past its grace, then reports SealLagSeconds
 * and UnsealedEvents (events older than the grace still in no block; counted over the
 * next few pending intervals, so it is a lower bound when far behind).
 */
export function createSealerHandler(deps: {
  sealDeps: SealDeps;
  config: SealerConfig;
  metric: MetricSink;
  now?: () => Date;
}) {
  return async (): Promise<SealerRunSummary> => {
    const result = await sealDueBlocks(deps.sealDeps, deps.config, (deps.now ?? (() => new Date()))());
    const unsealedEvents = await countUnsealed(deps.sealDeps, deps.config, result);
    deps.metric('SealLagSeconds', result.lagSeconds, 'Seconds');
    deps.metric('UnsealedEvents', unsealedEvents, 'Count');
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

async function countUnsealed(deps: SealDeps, config: SealerConfig, result: SealRunResult): Promise<number> {
  if (result.pendingIntervals === 0) return 0;
  const newest = result.sealed[result.sealed.length - 1] ?? (await deps.store.latestBlock());
  if (!newest) return 0;
  const from = Date.parse(newest.to);
  const intervals = Math.min(result.pendingIntervals, UNSEALED_COUNT_INTERVALS);
  const events = await deps.source.eventsIngestedIn(
    new Date(from),
    new Date(from + intervals * config.blockSeconds * 1000),
  );
  return events.length;
}
