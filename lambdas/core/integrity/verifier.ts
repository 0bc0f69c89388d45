import type { StoredEvent } from '../event-schema';
import { DEFAULT_HOT_WINDOW_DAYS, hotWindowSecondsOf } from '../hot-window';
import type { Block } from './block';
import type { Checkpoint } from './checkpoint';
import type { Finding } from './findings';
import type { BlockArchive, BlockStore, SealSource, SignatureVerifier } from './ports';
import { readArchivedEvents } from './archived-events';
import { checkBlockEvents } from './verify-events';
import { checkBlockCopies, checkChainLink, checkTail } from './verify-block';
import { LogHeadCheck } from './verify-log';
import { HotWindowRuns } from './verify-hot-window';
import { readInterval, type ItemKeySource } from './verify-items';
import { lateSealedFindings } from './verify-late';
import { checkArchiveDeletions, type ArchiveDeletions } from './verify-archive-deletions';

/** What the verifier reads: the table (blocks and events), the archive, and trusted keys. */
export interface VerifyDeps {
  readonly store: BlockStore;
  readonly archive: BlockArchive;
  readonly source: SealSource;
  readonly signatures: SignatureVerifier;
  /**
   * The same table's raw items with their keys: when given, each interval's events are read
   * through it once and their item identity checked too (verify-items.ts). Absent: not checked.
   */
  readonly items?: ItemKeySource;
  /** Delete markers in a versioned archive (S3), asked about blocks the archive lacks. Absent: not checked. */
  readonly archiveDeletions?: ArchiveDeletions;
  /**
   * How long events stay in the table (HOT_WINDOW_SECONDS): a sealed event absent from the
   * table whose archived copy is intact and whose hot window has ended left the table as
   * designed (`event_left_hot_window`, info, one per run of blocks). @default DEFAULT_HOT_WINDOW_DAYS in seconds
   */
  readonly hotWindowSeconds?: number;
}

/** Which part of the chain to verify, and what "complete" means. */
export interface VerifyOptions {
  /** First seq to check. @default 0 */
  readonly fromSeq?: number;
  /** Seq after the last to check. @default one past the newest block in table or archive */
  readonly toSeq?: number;
  /**
   * Instant up to which every interval must have a block (now minus grace minus one
   * sealer period). When set, a chain ending earlier is reported as tail truncation.
   */
  readonly sealedThrough?: Date;
  /** Decides whether a missing event's retention had expired, or its hot window ended. */
  readonly now: Date;
  /** Blocks after a block that may seal its late events. @default 2 */
  readonly lateLookbackBlocks?: number;
  /**
   * A checkpoint kept from earlier (its signature already checked): the log's first
   * `treeSize` leaves must still hash to its root. Only meaningful from seq 0.
   */
  readonly checkpoint?: Checkpoint;
  /** Called after each block, for progress on long ranges. */
  readonly onProgress?: (progress: { readonly done: number; readonly total: number }) => void;
}

/** The verifier's result. `ok` is false when any finding is an error. */
export interface VerifyReport {
  readonly ok: boolean;
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly blocksChecked: number;
  readonly eventsChecked: number;
  readonly findings: readonly Finding[];
}

/**
 * The verify use case: for each seq in range, both copies of the block, its hash,
 * signature and link to the previous block; then its events against its leaves, the
 * archive and the Merkle root; finally the tail. Streams block by block, so memory holds
 * one block's events at a time.
 */
export async function verifyIntegrity(deps: VerifyDeps, options: VerifyOptions): Promise<VerifyReport> {
  const fromSeq = options.fromSeq ?? 0;
  const toSeq = options.toSeq ?? (await endOfChain(deps));
  const lookahead = options.lateLookbackBlocks ?? 2;
  const headers = await deps.store.listBlocks(fromSeq, toSeq + lookahead);
  const sealedLateIn = new Map(headers.flatMap((b) => b.late.map((id) => [id, b.seq] as const)));
  const findings: Finding[] = [];
  let prev: Block | undefined =
    fromSeq > 0
      ? ((await deps.archive.getBlock(fromSeq - 1))?.block ?? (await deps.store.getBlock(fromSeq - 1)))
      : undefined;
  const log = new LogHeadCheck(LogHeadCheck.frontierBefore(prev), options.checkpoint);
  const leftRuns = new HotWindowRuns();
  let eventsChecked = 0;
  for (let seq = fromSeq; seq < toSeq; seq++) {
    const [table, archived] = await Promise.all([deps.store.getBlock(seq), deps.archive.getBlock(seq)]);
    const copies = checkBlockCopies({ seq, table, archived }, deps.signatures);
    findings.push(...copies.findings);
    if (!archived && deps.archiveDeletions) findings.push(...(await checkArchiveDeletions(deps.archiveDeletions, seq)));
    if (copies.block) {
      findings.push(...checkChainLink(prev, copies.block), ...log.next(copies.block, archived?.leaves));
      const { events: tableEvents, itemFindings } = await eventsOfBlock(deps, copies.block);
      const read = archived ? await readArchivedEvents(deps.archive, archived, options.now) : undefined;
      const archivedEvents = read?.events;
      if (archived && !archivedEvents && archived.eventObjects.length > 0 && deps.archiveDeletions)
        findings.push(...(await checkArchiveDeletions(deps.archiveDeletions, seq, archived.eventObjects)));
      const blockEvents = checkBlockEvents({
        block: copies.block,
        leaves: archived?.leaves,
        archivedEvents,
        tableEvents,
        sealedLateIn,
        now: options.now,
        retentionEndedPartitions: read?.retentionEndedPartitions ?? false,
        hotWindowSeconds: deps.hotWindowSeconds ?? hotWindowSecondsOf(DEFAULT_HOT_WINDOW_DAYS),
      });
      const sealed = archived?.leaves.length ?? copies.block.count;
      findings.push(...leftRuns.next(seq, blockEvents.left, sealed), ...blockEvents.findings);
      eventsChecked += tableEvents.length;
      findings.push(...itemFindings);
      findings.push(...lateSealedFindings(copies.block, tableEvents));
    } else findings.push(...leftRuns.interrupt());
    prev = copies.block;
    options.onProgress?.({ done: seq - fromSeq + 1, total: toSeq - fromSeq });
  }
  if (options.sealedThrough && options.toSeq === undefined) findings.push(...checkTail(prev, options.sealedThrough));
  findings.push(...leftRuns.finish(), ...log.finish(toSeq - 1));
  return {
    ok: findings.every((f) => f.severity !== 'error'),
    fromSeq,
    toSeq,
    blocksChecked: toSeq - fromSeq,
    eventsChecked,
    findings,
  };
}

/** One past the newest seq in either copy: a block deleted from one copy still counts. */
async function endOfChain(deps: VerifyDeps): Promise<number> {
  const [latest, archived] = await Promise.all([deps.store.latestBlock(), deps.archive.listBlockSeqs()]);
  return Math.max(latest ? latest.seq + 1 : 0, (archived[archived.length - 1] ?? -1) + 1);
}

/**
 * Table events of the block's interval, plus the late events it sealed from earlier
 * intervals; with an item source, read once with their keys and checked (verify-items.ts).
 */
async function eventsOfBlock(
  deps: Pick<VerifyDeps, 'source' | 'items'>,
  block: Block,
): Promise<{ events: StoredEvent[]; itemFindings: Finding[] }> {
  const source = deps.source;
  const { events, findings: itemFindings } = await readInterval(source, deps.items, block);
  const have = new Set(events.map((e) => e.eventId));
  for (const id of block.late) {
    if (have.has(id)) continue;
    const event = await source.getEvent(id);
    if (event) events.push(event);
  }
  return { events, itemFindings };
}
