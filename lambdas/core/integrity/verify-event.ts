import { contentHashOf } from '../content-hash';
import type { StoredEvent } from '../event-schema';
import type { BlockLeaf } from './block';
import { eventFinding, type Finding } from './findings';
import type { LeftEvent } from './verify-hot-window';

/** Checks of one sealed event: its own hash, its leaf, its archived copy, or why it is gone. */

// Each event is hashed once per run however many checks need it (JCS is the costly step).
const hashes = new WeakMap<StoredEvent, string>();
/** contentHashOf, memoised per event object, and 'unhashable' instead of throwing. */
export const safeHash = (e: StoredEvent): string => {
  let h = hashes.get(e);
  if (h === undefined) {
    try {
      h = contentHashOf(e);
    } catch {
      h = 'unhashable';
    }
    hashes.set(e, h);
  }
  return h;
};

/** When a check runs, and how long events stay in the table. */
export interface LeafClock {
  readonly now: Date;
  readonly hotWindowSeconds: number;
  /** Partitions of the block are gone after their retention ended: a leaf found nowhere was in one. */
  readonly retentionEndedPartitions: boolean;
}

/** What one leaf's check found: findings, or that its event left the table as designed. */
export interface LeafCheck {
  readonly findings: Finding[];
  /** Set when the event left the table at the end of its hot window (folded by HotWindowRuns). */
  readonly left?: LeftEvent;
}

/** One leaf against the table's event (or its absence) and the archived copy. */
export function checkLeaf(
  seq: number,
  leaf: BlockLeaf,
  event: StoredEvent | undefined,
  archived: StoredEvent | undefined,
  clock: LeafClock,
): LeafCheck {
  const id = leaf.eventId;
  if (!event) {
    const missing = missingEvent(seq, leaf, archived, clock);
    return 'code' in missing ? { findings: [missing] } : { findings: [], left: missing };
  }
  const findings: Finding[] = [];
  if (safeHash(event) !== event.contentHash) {
    findings.push(
      eventFinding(
        'event_hash_mismatch',
        seq,
        id,
        `event ${id} was modified: its content no longer hashes to its contentHash`,
      ),
    );
  }
  if (event.contentHash !== leaf.contentHash) {
    findings.push(
      eventFinding(
        'event_not_as_sealed',
        seq,
        id,
        `event ${id}'s contentHash differs from the one sealed in block ${seq}`,
      ),
    );
  }
  // Same content hash and same stored contentHash: the same stored event, without a second JCS pass.
  if (archived && (safeHash(archived) !== safeHash(event) || archived.contentHash !== event.contentHash)) {
    findings.push(
      eventFinding('event_differs_from_archive', seq, id, `event ${id} in the table differs from its archived copy`),
    );
  }
  return { findings };
}

/**
 * A sealed event absent from the table. Expected when its archived copy still hashes to
 * its leaf and either its retention ended (`event_expired`) or its hot window did (a
 * LeftEvent: the archive is now its only copy). Otherwise it was deleted:
 * gone from the table inside its hot window, or gone from the archive too while its
 * retention runs.
 */
function missingEvent(
  seq: number,
  leaf: BlockLeaf,
  archived: StoredEvent | undefined,
  clock: LeafClock,
): Finding | LeftEvent {
  const id = leaf.eventId;
  // Every partition still in retention was read; a leaf in none of them was in one that ended.
  if (!archived && clock.retentionEndedPartitions)
    return info('event_expired', seq, id, `event ${id} expired with its archive partition and was removed`);
  const intact = archived && safeHash(archived) === leaf.contentHash ? archived : undefined;
  const now = clock.now.getTime();
  const expiresAt = intact ? Date.parse(intact.retention.expiresAt) : Number.NaN;
  if (expiresAt <= now) {
    return info(
      'event_expired',
      seq,
      id,
      `event ${id} expired at ${intact?.retention.expiresAt} and was removed by TTL`,
    );
  }
  const hotEnd = intact ? Date.parse(intact.ingestedAt) + clock.hotWindowSeconds * 1000 : Number.NaN;
  if (intact && hotEnd <= now)
    return { eventId: id, occurredAt: intact.occurredAt, leftAt: new Date(hotEnd).toISOString() };
  const why = !intact
    ? 'no verifiable archived copy gives its retention'
    : `it was ingested at ${intact.ingestedAt}, inside the hot window, and its retention runs until ${intact.retention.expiresAt}`;
  return eventFinding('event_deleted', seq, id, `event ${id} sealed in block ${seq} is missing from the table; ${why}`);
}

function info(code: 'event_expired', seq: number, eventId: string, message: string): Finding {
  return { severity: 'info', code, seq, eventId, message };
}
