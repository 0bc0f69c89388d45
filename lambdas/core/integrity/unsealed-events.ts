import type { SealDeps } from './seal-block';
import type { SealerConfig, SealRunResult } from './sealer';

/**
 * Intervals counted for UnsealedEvents when the sealer is behind: enough to make the
 * alarm fire, bounded so a sealer far behind does not read its whole backlog once more.
 */
export const UNSEALED_COUNT_INTERVALS = 10;

/**
 * Events older than the grace still in no block after a sealer run: the events ingested
 * in the pending intervals right after the newest block, at most UNSEALED_COUNT_INTERVALS
 * of them, so the count is a lower bound when the sealer is far behind. 0 when nothing is
 * pending, or when no block exists yet (the chain starts at the first run).
 */
export async function countUnsealed(
  deps: Pick<SealDeps, 'source' | 'store'>,
  config: Pick<SealerConfig, 'blockSeconds'>,
  result: Pick<SealRunResult, 'sealed' | 'pendingIntervals'>,
): Promise<number> {
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
