import type { StoredEvent } from '../event-schema';
import { compareLeafOrder, inLeafOrder, rootOfLeaves, type Block, type BlockLeaf } from './block';
import { blockFinding, eventFinding, type Finding } from './findings';
import { checkLeaf, safeHash } from './verify-event';
import type { LeftEvent } from './verify-hot-window';
import { isSha256Hex } from './merkle';

/** Everything known about one block's events. */
export interface BlockEvents {
  readonly block: Block;
  /** The archived leaf list, when the archive has the block. */
  readonly leaves: readonly BlockLeaf[] | undefined;
  /** The archived events file, when present. */
  readonly archivedEvents: readonly StoredEvent[] | undefined;
  /** Table events whose ingestedAt lies in the block's interval, plus the block's late events. */
  readonly tableEvents: readonly StoredEvent[];
  /** Event id → seq of the later block that sealed it late. */
  readonly sealedLateIn: ReadonlyMap<string, number>;
  readonly now: Date;
  /** How long events stay in the table, in seconds. */
  readonly hotWindowSeconds: number;
  /** True when some of the block's archive partitions are gone after their retention ended. */
  readonly retentionEndedPartitions: boolean;
}

/** A block's event findings, and its events that left the table at the end of their hot window. */
export interface BlockEventsCheck {
  readonly findings: Finding[];
  /** In leaf order. */
  readonly left: LeftEvent[];
}

/** Checks every event of one block against its leaves, the archive and the Merkle root. */
export function checkBlockEvents(input: BlockEvents): BlockEventsCheck {
  const { block, leaves, tableEvents } = input;
  const seq = block.seq;
  const findings: Finding[] = [];
  const byId = new Map(tableEvents.map((e) => [e.eventId, e]));
  const archivedById = new Map((input.archivedEvents ?? []).map((e) => [e.eventId, e]));
  if (
    leaves &&
    (leaves.length !== block.count ||
      !leaves.every((l) => isSha256Hex(l.contentHash)) ||
      rootOfLeaves(leaves) !== block.merkleRoot)
  ) {
    findings.push(
      blockFinding('archive_leaves_mismatch', seq, `archived leaf list of block ${seq} does not give its Merkle root`),
    );
  }
  if (leaves && leaves.length > 0 && !input.archivedEvents) {
    findings.push(blockFinding('archive_events_missing', seq, `archived events of block ${seq} are missing`));
  }
  const leafIds = new Set(leaves?.map((l) => l.eventId) ?? []);
  const left: LeftEvent[] = [];
  for (const leaf of leaves ?? []) {
    const check = checkLeaf(seq, leaf, byId.get(leaf.eventId), archivedById.get(leaf.eventId), input);
    findings.push(...check.findings);
    if (check.left) left.push(check.left);
  }
  findings.push(
    ...checkOrder(
      seq,
      (leaves ?? []).map((l) => byId.get(l.eventId)).filter((e) => e !== undefined),
    ),
  );
  findings.push(...checkRootFromEvents(input, byId));
  for (const event of tableEvents) {
    if (leaves && !leafIds.has(event.eventId) && !input.sealedLateIn.has(event.eventId)) {
      findings.push(
        eventFinding(
          'event_unsealed',
          seq,
          event.eventId,
          `event ${event.eventId} is in block ${seq}'s interval but in no block (inserted after sealing)`,
        ),
      );
    }
  }
  return { findings, left };
}

/** The leaves, restricted to the events still present, must follow the documented leaf order. */
function checkOrder(seq: number, present: readonly StoredEvent[]): Finding[] {
  const findings: Finding[] = [];
  for (let i = 1; i < present.length; i++) {
    const [a, b] = [present[i - 1] as StoredEvent, present[i] as StoredEvent];
    if (compareLeafOrder(a, b) > 0) {
      findings.push(
        eventFinding(
          'leaf_order',
          seq,
          b.eventId,
          `event ${b.eventId} is sealed after ${a.eventId} though it sorts before it`,
        ),
      );
    }
  }
  return findings;
}

/**
 * The Merkle root recomputed from the events alone (content → hash → documented order →
 * tree), when every event of the block is still in the table.
 */
function checkRootFromEvents(input: BlockEvents, byId: ReadonlyMap<string, StoredEvent>): Finding[] {
  const { block } = input;
  const ids = input.leaves
    ? input.leaves.map((l) => l.eventId)
    : input.tableEvents
        .filter((e) => (input.sealedLateIn.get(e.eventId) ?? block.seq) === block.seq)
        .map((e) => e.eventId);
  const events = ids.map((id) => byId.get(id));
  if (events.some((e) => e === undefined)) return [];
  const root = rootOfLeaves(inLeafOrder(events as StoredEvent[]).map((e) => ({ contentHash: safeHashHex(e) })));
  if (root === block.merkleRoot && events.length === block.count) return [];
  return [
    blockFinding(
      'merkle_root_mismatch',
      block.seq,
      `the Merkle root of block ${block.seq}'s events does not match the sealed root`,
    ),
  ];
}

/** A hash usable as a leaf even for an unhashable event (then it cannot match, as wanted). */
function safeHashHex(e: StoredEvent): string {
  const h = safeHash(e);
  return isSha256Hex(h) ? h : '0'.repeat(64);
}
