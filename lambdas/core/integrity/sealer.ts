import { GENESIS_PREV_HASH, type Block } from './block';
import { DEFAULT_LOG_ORIGIN } from './checkpoint';
import { checkNoReseal, frontierAfter, publishCheckpoint, type ResealRefusal } from './log-head';
import { sealBlock, type SealDeps } from './seal-block';

/** How the chain is cut into blocks. */
export interface SealerConfig {
  /** Block length in seconds (default 60 on AWS). Intervals are aligned to multiples of it since the epoch. */
  readonly blockSeconds: number;
  /**
   * Seconds to wait after an interval closes before sealing it. Must exceed the writer's
   * worst-case write time plus index propagation, so no event can still land in it.
   */
  readonly graceSeconds: number;
  /** Earlier blocks re-read for late events. @default 2 */
  readonly lateLookbackBlocks?: number;
  /** Upper bound of blocks sealed per run, so one run fits its Lambda timeout. @default 1440 */
  readonly maxBlocksPerRun?: number;
  /**
   * Start of block 0. Set it to when ingest began (e.g. deploy time), so no event precedes
   * the chain. @default the start of the latest closed interval at the first run
   */
  readonly genesisFrom?: Date;
  /**
   * How long a run that starts just after an interval closed may wait for it to pass its
   * grace, instead of leaving it to the next run a whole period later. @default 0
   */
  readonly waitForDueSeconds?: number;
  /** Origin line and signing key name of the published checkpoints. @default DEFAULT_LOG_ORIGIN */
  readonly logOrigin?: string;
}

/** What one sealer run did; the handler turns it into logs and metrics. */
export interface SealRunResult {
  readonly sealed: readonly Block[];
  /** Event ids sealed late (in a block after their interval's). */
  readonly lateEventIds: readonly string[];
  /** Event ids whose stored contentHash did not match their content when sealed. */
  readonly hashMismatches: readonly string[];
  /** Seconds between now and the end of the newest sealed interval plus grace (0 when up to date). */
  readonly lagSeconds: number;
  /** Closed intervals (past their grace) still unsealed after this run. */
  readonly pendingIntervals: number;
  /** Set when the run sealed nothing because the table is behind a published checkpoint. */
  readonly resealRefused?: ResealRefusal;
}

/**
 * The seal use case: seals every interval whose grace has passed, oldest first, one block
 * each, never skipping one (an empty interval gets a heartbeat block with count 0). Meant
 * to run one at a time (the schedule allows no concurrency); the table's conditional
 * write catches a second runner anyway.
 */
export async function sealDueBlocks(deps: SealDeps, config: SealerConfig, now: Date): Promise<SealRunResult> {
  validate(config);
  const lengthMs = config.blockSeconds * 1000;
  const dueBefore = now.getTime() - config.graceSeconds * 1000;
  let prev = await deps.store.latestBlock();
  let from = prev ? Date.parse(prev.to) : firstFrom(config, dueBefore);
  const resealRefused = await checkNoReseal(deps, prev);
  const sealed: Block[] = [];
  const hashMismatches: string[] = [];
  let frontier = resealRefused ? undefined : await frontierAfter(deps, prev);
  while (frontier && sealed.length < (config.maxBlocksPerRun ?? 1440) && from + lengthMs <= dueBefore) {
    const result = await sealBlock(deps, {
      seq: prev ? prev.seq + 1 : 0,
      from: new Date(from),
      to: new Date(from + lengthMs),
      prevBlockHash: prev?.blockHash ?? GENESIS_PREV_HASH,
      frontier,
      lateLookbackBlocks: config.lateLookbackBlocks ?? 2,
    });
    await publishCheckpoint(deps, result.block, config.logOrigin ?? DEFAULT_LOG_ORIGIN);
    sealed.push(result.block);
    hashMismatches.push(...result.hashMismatches);
    prev = result.block;
    frontier = await frontierAfter(deps, prev);
    from = Date.parse(result.block.to);
  }
  return {
    ...(resealRefused ? { resealRefused } : {}),
    sealed,
    lateEventIds: sealed.flatMap((b) => b.late),
    hashMismatches,
    lagSeconds: Math.max(0, (dueBefore - from) / 1000),
    pendingIntervals: Math.max(0, Math.floor((dueBefore - from) / lengthMs)),
  };
}

/**
 * Milliseconds until the newest closed interval passes its grace, when that is at most
 * `waitForDueSeconds` away (else 0). A run scheduled at each interval's end then seals it
 * `graceSeconds` later rather than one schedule period later.
 */
export function msUntilDue(config: SealerConfig, now: Date): number {
  const lengthMs = config.blockSeconds * 1000;
  const closedAt = Math.floor(now.getTime() / lengthMs) * lengthMs;
  const wait = closedAt + config.graceSeconds * 1000 - now.getTime();
  return wait > 0 && wait <= (config.waitForDueSeconds ?? 0) * 1000 ? wait : 0;
}

function firstFrom(config: SealerConfig, dueBefore: number): number {
  const lengthMs = config.blockSeconds * 1000;
  if (config.genesisFrom) return Math.floor(config.genesisFrom.getTime() / lengthMs) * lengthMs;
  return Math.floor(dueBefore / lengthMs) * lengthMs - lengthMs;
}

function validate(config: SealerConfig): void {
  if (!Number.isInteger(config.blockSeconds) || config.blockSeconds < 1)
    throw new RangeError('blockSeconds must be a positive integer');
  if (!(config.graceSeconds >= 0)) throw new RangeError('graceSeconds must be zero or more');
  if (config.maxBlocksPerRun !== undefined && config.maxBlocksPerRun < 1)
    throw new RangeError('maxBlocksPerRun must be at least 1');
}
