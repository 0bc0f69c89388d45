/**
 * What the verifier reports: one finding per problem, naming the block or event and
 * what is wrong. `error` findings fail verification; `info` ones (an event removed by TTL
 * after its retention period, or events that left the table at the end of their hot window
 * and are read from the archive: one finding per run of consecutive blocks) are expected and
 * reported for the record.
 */

/** Finding codes, a closed set: each names one way the log can be wrong. */
export type FindingCode =
  | 'block_missing'
  | 'block_missing_in_table'
  | 'block_missing_in_archive'
  | 'block_differs_from_archive'
  | 'block_malformed'
  | 'block_hash_mismatch'
  | 'signature_invalid'
  | 'unknown_key'
  | 'key_outside_validity'
  | 'item_key_mismatch'
  | 'index_key_mismatch'
  | 'late_sealed_event'
  | 'archive_delete_marker'
  | 'chain_broken'
  | 'interval_gap'
  | 'blocks_missing_at_tail'
  | 'tree_head_mismatch'
  | 'checkpoint_inconsistent'
  | 'checkpoint_truncated'
  | 'archive_leaves_mismatch'
  | 'archive_events_missing'
  | 'merkle_root_mismatch'
  | 'leaf_order'
  | 'event_hash_mismatch'
  | 'event_not_as_sealed'
  | 'event_differs_from_archive'
  | 'event_deleted'
  | 'event_expired'
  | 'event_left_hot_window'
  | 'event_unsealed';

/**
 * The events one `event_left_hot_window` finding stands for: every event of blocks
 * `seq`..`lastSeq` that left the table with an intact archived copy, in leaf order.
 */
export interface LeftHotWindowSpan {
  readonly lastSeq: number;
  readonly count: number;
  readonly firstEventId: string;
  readonly lastEventId: string;
  readonly earliestOccurredAt: string;
  readonly latestOccurredAt: string;
  /** When the last of them left the table (its ingestedAt plus the hot window). */
  readonly lastLeftAt: string;
}

/** One problem (or, as `info`, one expected expiry or departure from the table) found by the verifier. */
export interface Finding {
  readonly severity: 'error' | 'info';
  readonly code: FindingCode;
  /** The block concerned (for an event: the block that seals it, or whose interval holds it). */
  readonly seq?: number;
  readonly eventId?: string;
  readonly message: string;
  /** For `late_sealed_event`: seconds from the event's ingestedAt to the end of the block that sealed it. */
  readonly sealDelaySeconds?: number;
  /** For `event_left_hot_window`: the events it stands for (`seq` is the run's first block). */
  readonly leftHotWindow?: LeftHotWindowSpan;
}

/** An error finding about a block. */
export function blockFinding(code: FindingCode, seq: number, message: string): Finding {
  return { severity: 'error', code, seq, message };
}

/** An error finding about an event. */
export function eventFinding(code: FindingCode, seq: number, eventId: string, message: string): Finding {
  return { severity: 'error', code, seq, eventId, message };
}
