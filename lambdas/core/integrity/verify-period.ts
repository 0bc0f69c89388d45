import type { Block } from './block';
import type { Checkpoint } from './checkpoint';
import { blockFinding } from './findings';
import type { BlockArchive, BlockStore } from './ports';
import { verifyIntegrity, type VerifyDeps, type VerifyReport } from './verifier';

/** A period to verify, by ingest time; either end open means "from the first block" / "to now, tail included". */
export interface VerifyPeriodOptions {
  readonly from?: Date;
  readonly to?: Date;
  readonly now: Date;
  /** The sealer's grace: how far behind `now` every interval must be sealed. (Block length is read from the chain.) */
  readonly graceSeconds: number;
  /** How often the sealer runs; one period more is allowed before a missing tail is reported. @default 60 */
  readonly sealerPeriodSeconds?: number;
  /** A kept checkpoint (signature checked) the log must still extend; checked from block 0 whatever `from` says. */
  readonly checkpoint?: Checkpoint;
  readonly onProgress?: (progress: { readonly done: number; readonly total: number }) => void;
}

/** A verification report with the period it covered. */
export interface PeriodReport extends VerifyReport {
  readonly from?: string;
  readonly to?: string;
}

/**
 * Verifies the blocks whose intervals overlap a period. Seqs are computed from the chain's
 * fixed interval length anchored on its newest block (table or archive), not searched
 * block by block, so a block deleted from the table cannot hide a part of the range.
 * When the period reaches the present, the tail is checked too: every interval older than
 * grace plus one sealer period must have a block.
 */
export async function verifyPeriod(deps: VerifyDeps, options: VerifyPeriodOptions): Promise<PeriodReport> {
  const anchor = await newestBlock(deps.store, deps.archive);
  const range = {
    ...(options.from ? { from: options.from.toISOString() } : {}),
    ...(options.to ? { to: options.to.toISOString() } : {}),
  };
  if (!anchor) {
    // Nothing sealed anywhere: a new system, unless someone kept a checkpoint of it.
    const cp = options.checkpoint;
    const findings =
      cp && cp.treeSize > 0
        ? [
            blockFinding(
              'checkpoint_truncated',
              0,
              `no blocks at all, but a checkpoint at tree size ${cp.treeSize} was signed`,
            ),
          ]
        : [];
    return { ok: findings.length === 0, fromSeq: 0, toSeq: 0, blocksChecked: 0, eventsChecked: 0, findings, ...range };
  }
  const lengthMs = Math.max(1, Date.parse(anchor.to) - Date.parse(anchor.from));
  const seqAt = (t: number) => anchor.seq + Math.floor((t - Date.parse(anchor.from)) / lengthMs);
  // A `from` past the newest block checks only the tail.
  const fromSeq =
    options.from && !options.checkpoint ? Math.min(anchor.seq + 1, Math.max(0, seqAt(options.from.getTime()))) : 0;
  const sealedThrough = new Date(
    options.now.getTime() - (options.graceSeconds + (options.sealerPeriodSeconds ?? 60)) * 1000,
  );
  const reachesPresent = !options.to || options.to.getTime() >= sealedThrough.getTime();
  const report = await verifyIntegrity(deps, {
    fromSeq,
    ...(reachesPresent
      ? { sealedThrough }
      : { toSeq: Math.max(fromSeq, seqAt((options.to as Date).getTime() - 1) + 1) }),
    now: options.now,
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { ...report, ...range };
}

/** The newest block in either copy (the archive keeps what the table may have lost). */
async function newestBlock(store: BlockStore, archive: BlockArchive): Promise<Block | undefined> {
  const [table, seqs] = await Promise.all([store.latestBlock(), archive.listBlockSeqs()]);
  const lastArchived = seqs[seqs.length - 1];
  if (lastArchived !== undefined && (!table || lastArchived > table.seq))
    return (await archive.getBlock(lastArchived))?.block ?? table;
  return table;
}
