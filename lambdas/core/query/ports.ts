import { UnavailableError } from '../errors';
import type { StoredEvent } from '../event-schema';
import type { InclusionProof } from '../integrity/proof';
import type { IntegrityStatus } from './api-schemas';
import type { ReadBudget } from './read-budget';
import type { SearchFilters } from './search-query';

/**
 * Ports of the auditor's read side. The DynamoDB adapter
 * (lambdas/adapters/dynamodb/dynamodb-event-query.ts) implements the index reader; S3 and
 * the local runtime implement the export sink; KMS or a local file supply the cursor key.
 */

/** Where a search continues: strictly older than this event (newest-first order). */
export interface Position {
  readonly occurredAt: string;
  readonly eventId: string;
}

/** One index partition group, read newest first. Shards are the adapter's business. */
export type IndexSegment =
  | { readonly kind: 'actor'; readonly actor: string }
  | { readonly kind: 'target'; readonly targetType: string; readonly targetId: string }
  /** Every listed type in one UTC month (`YYYY-MM`), merged. */
  | { readonly kind: 'type'; readonly eventTypes: readonly string[]; readonly month: string }
  /** Every event of one UTC day (`YYYY-MM-DD`), all write shards merged. */
  | { readonly kind: 'day'; readonly day: string };

/** One read of one segment. */
export interface SegmentRead {
  readonly segment: IndexSegment;
  /** occurredAt >= from. */
  readonly from?: string;
  /** occurredAt < to. */
  readonly to?: string;
  /** Continue strictly after this position. */
  readonly before?: Position;
  /** The adapter may push any of these down to the store; the caller re-checks every row. */
  readonly filters: SearchFilters;
  /** Rows per store request: small for one page, large for exports. */
  readonly pageSize: number;
  /**
   * Charged for every store request. Once exhausted the adapter fetches no further page
   * and ends the rows early, calling `onStop` with the position a continuation resumes
   * before (every row newer than it has been returned). @default unlimited
   */
  readonly budget?: ReadBudget;
  readonly onStop?: (resumeBefore: Position) => void;
}

/** Reads the table's indexes. Never scans the table. */
export interface EventIndexReader {
  /** The segment's events, newest first by (occurredAt, eventId), fetched lazily. */
  read(request: SegmentRead): AsyncIterable<StoredEvent>;
}

/** The part of a period read from the archive: occurredAt >= from (when set) and < to. */
export interface ArchiveRange {
  readonly from?: string;
  readonly to?: string;
}

/** One read of the archive: the same contract as a SegmentRead, over a range instead of an index segment. */
export interface ArchiveRead extends Omit<SegmentRead, 'segment' | 'from' | 'to'> {
  readonly range: ArchiveRange;
}

/**
 * Reads the sealed archive, the system of record for events that have left the table's hot
 * window (DuckDB over the local folder, Athena over S3). Same contract as
 * EventIndexReader.read: every event matching the filters within the range, newest first
 * by (occurredAt, eventId), strictly after `before`, fetched lazily page by page; the
 * caller re-checks every row. An engine that cannot answer within its time budget throws
 * ArchiveQueryPendingError.
 */
export interface ArchiveEventReader {
  read(request: ArchiveRead): AsyncIterable<StoredEvent>;
  /**
   * The archived copy of one event by its (lower-case) eventId, or undefined when no event
   * object holds it. Reads every partition: an id says nothing about the day it happened.
   */
  get(eventId: string): Promise<StoredEvent | undefined>;
}

/**
 * The archive engine is still running a query when the caller's time budget ends (Athena
 * over a long period). A period route answers 202 with a job id (archive-jobs.ts), any
 * other read 503 with Retry-After; `executionId` names the running query, whose results
 * the engine keeps for a later read.
 */
export class ArchiveQueryPendingError extends UnavailableError {
  constructor(readonly executionId: string, retryAfterSeconds = 15) {
    super(retryAfterSeconds, 'the archive query is still running; retry the request later');
  }
}

/** The secret that signs search cursors (KMS-derived on AWS, a file in `.local/` locally). */
export type CursorKeySource = () => Promise<Uint8Array>;

/** Where a finished export is left for download when it is too large for a response. */
export interface ExportSink {
  /** Stores the body (encrypted at rest) and returns a short-lived download URL. */
  put(name: string, contentType: string, body: Uint8Array): Promise<{ readonly url: string; readonly expiresAt: string }>;
}

/** Supplies inclusion proofs for exported events (see integrity-links.ts). */
export interface ProofSource {
  /** The event's inclusion proof, or undefined while it is not sealed yet. */
  proofFor(event: StoredEvent): Promise<InclusionProof | undefined>;
}

/** Answers "is this period's part of the trail intact?" (the verifier provides it). */
export interface IntegrityStatusSource {
  statusOf(from: string, to: string): Promise<IntegrityStatus>;
}
