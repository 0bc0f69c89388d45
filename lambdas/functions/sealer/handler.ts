import type { Block } from '../../core/integrity/block';
import type { SealDeps } from '../../core/integrity/seal-block';
import { sealDueBlocks, type SealerConfig } from '../../core/integrity/sealer';
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
}

/**
 * The scheduled sealer: seals every interval past its grace, then reports SealLagSeconds
 * and UnsealedEvents (core/integrity/unsealed-events.ts).
 */
export function createSealerHandler(deps: SealerHandlerDeps) {
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
