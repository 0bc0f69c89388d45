import { contentHashOf } from '../content-hash';
import type { StoredEvent } from '../event-schema';
import type { BlockLeaf } from './block';
import { eventFinding, type Finding } from './findings';

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

/** One leaf against the table's event (or its absence) and the archived copy. */
export function checkLeaf(
  seq: number,
  leaf: BlockLeaf,
  event: StoredEvent | undefined,
  archived: StoredEvent | undefined,
  now: Date,
): Finding[] {
  const id = leaf.eventId;
  if (!event) return [missingEvent(seq, leaf, archived, now)];
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
  return findings;
}

/** A sealed event absent from the table: expired by TTL (archived copy, sealed hash, retention passed) or deleted. */
function missingEvent(seq: number, leaf: BlockLeaf, archived: StoredEvent | undefined, now: Date): Finding {
  const id = leaf.eventId;
  const expiresAt =
    archived && safeHash(archived) === leaf.contentHash ? Date.parse(archived.retention.expiresAt) : Number.NaN;
  if (expiresAt <= now.getTime()) {
    return {
      severity: 'info',
      code: 'event_expired',
      seq,
      eventId: id,
      message: `event ${id} expired at ${archived?.retention.expiresAt} and was removed by TTL`,
    };
  }
  const why = Number.isNaN(expiresAt)
    ? 'no verifiable archived copy gives its retention'
    : `its retention runs until ${archived?.retention.expiresAt}`;
  return eventFinding('event_deleted', seq, id, `event ${id} sealed in block ${seq} is missing from the table; ${why}`);
}
