/**
 * Per-record progress of the stream processor. Stream delivery is at least once: a batch
 * whose Lambda died or timed out part-way is delivered again from its first record. Each
 * event's change is marked done once its security line is written and the detector has
 * seen it, so a redelivered record that was done is skipped: no second line, no second
 * count in the metric filters or the detector. Only a record in flight at the moment of
 * the crash (line written, mark not yet) can yield a second, identical line (same eventId).
 */
import type { TableChange } from './table-change';

/** Which changes are done (a table of markers on AWS and locally). */
export interface ChangeProgress {
  /** True when `key` was marked done. */
  isDone(key: string): Promise<boolean>;
  /** Marks `key` done; marking it again is harmless. */
  markDone(key: string): Promise<void>;
}

/**
 * The progress key of a change: one per stored event's INSERT (eventIds are unique and
 * never reused). Tamper changes get none: they are rare, and a second alert for one is
 * better than a skipped one.
 */
export function progressKeyOf(change: TableChange): string | undefined {
  return change.kind === 'INSERT' && change.item.kind === 'event' ? `INSERT#${change.item.eventId}` : undefined;
}
