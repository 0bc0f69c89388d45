/**
 * The local runtime's sealer: the same sealer handler as the Lambda, run on a timer
 * instead of an EventBridge schedule, one run at a time. Blocks are signed with a local
 * ECDSA P-256 key in `<localDir>/block-signing-key.pem` and archived write-once in
 * `<localDir>/archive/`. BLOCK_SECONDS and SEAL_GRACE_SECONDS shorten the intervals for
 * tests and demos.
 */
import { join } from 'node:path';
import { readEnvironment } from '../lambdas/composition/environment';
import { SEALER_TIMING_ENVIRONMENT } from '../lambdas/composition/function-environments';
import { sealerConfigOf, type IntegrityAdapters } from '../lambdas/composition/integrity-services';
import type { SealerServices } from '../lambdas/composition/sealer';
import { LocalBlockArchive } from '../lambdas/adapters/local/local-archive';
import { LocalCheckpointLog, localCheckpointDir } from '../lambdas/adapters/local/local-checkpoints';
import { openLocalSigner } from '../lambdas/adapters/local/local-signer';
import { publishFirstLocalKey, readLocalTrustedKeys } from '../lambdas/adapters/local/local-trusted-keys';
import type { MetricSink } from '../lambdas/functions/shared/metric-sink';
import { createSealerHandler, type SealerRunSummary } from '../lambdas/functions/sealer/handler';

/**
 * Grace locally: the in-process writer stamps ingestedAt and puts to DynamoDB Local within
 * milliseconds; 10 s covers a loaded machine and keeps ingest-to-seal under 90 s with 60 s blocks.
 */
export const LOCAL_SEAL_GRACE_SECONDS = 10;

/** The archive folder under the local data folder. */
export const localArchiveDir = (localDir: string) => join(localDir, 'archive');

/** The local archive, key and sealer timing (the Lambdas' SEALER_TIMING_ENVIRONMENT, read from `env`). */
export async function openLocalIntegrity(
  localDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<IntegrityAdapters> {
  const signer = await openLocalSigner(localDir);
  // The first key is published as trusted; later keys only through `dmis-audit keys rotate`.
  await publishFirstLocalKey(localDir, signer);
  return {
    archive: new LocalBlockArchive(localArchiveDir(localDir)),
    signer,
    checkpoints: new LocalCheckpointLog(localCheckpointDir(localDir)),
    sealer: sealerConfigOf(readEnvironment(SEALER_TIMING_ENVIRONMENT, env), LOCAL_SEAL_GRACE_SECONDS),
    trustedKeys: () => readLocalTrustedKeys(localDir),
  };
}

/** Options of the timer. */
export interface SealerTimerOptions {
  /** The sealer's ports and timing, from the Lambda's own builder (composition/sealer.ts). */
  readonly sealer: SealerServices;
  /** Pause between runs. @default 1000 */
  readonly tickMs?: number;
  readonly now?: () => Date;
  /** Where the sealer's metrics go. @default kept as `lastMetrics` only */
  readonly metric?: MetricSink;
  readonly onError?: (error: unknown) => void;
}

/** A running sealer timer. */
export interface SealerTimer {
  readonly name: 'sealer';
  /** Runs the sealer now (after any run in progress) and returns what it did. */
  runOnce(): Promise<SealerRunSummary>;
  /** Stops the timer after the run in progress, if any. */
  stop(): Promise<void>;
}

/** Starts sealing every `tickMs`; runs never overlap, as reserved concurrency 1 ensures on AWS. */
export function startSealerTimer(options: SealerTimerOptions): SealerTimer {
  const seal = createSealerHandler({
    ...options.sealer,
    metric: options.metric ?? (() => {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const onError = options.onError ?? ((error: unknown) => console.error('local sealer: run failed', error));
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const runOnce = (): Promise<SealerRunSummary> => {
    const run = chain.then(seal);
    chain = run.catch(() => undefined);
    return run;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void runOnce().catch(onError).finally(schedule);
    }, options.tickMs ?? 1000);
  };
  schedule();
  return {
    name: 'sealer',
    runOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await chain;
    },
  };
}
