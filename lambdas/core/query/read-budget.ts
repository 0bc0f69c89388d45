import type { Position } from './ports';

/**
 * What one request may read from the store. A search whose filters match few rows can
 * otherwise read a great many (every shard of every day, every row a residual filter
 * drops); the budget stops it and the search answers with what it has and a cursor, so
 * one request's cost is bounded whatever the data, and other requests stay fast.
 */
export interface ReadLimits {
  /** Store requests (one Query page each). */
  readonly maxQueries: number;
  /** Rows the store evaluated, matched or not. */
  readonly maxItems: number;
}

/**
 * A search's limits: a full 92-day walk of the time index (8 write shards a day) fits,
 * with room for the pages a busy day needs; 10,000 rows is about 10 MB of events.
 */
export const SEARCH_READ_LIMITS: ReadLimits = { maxQueries: 800, maxItems: 10_000 };

/**
 * The running account of one request's reads. The index adapter charges every store
 * request; the walk stops starting reads once it is exhausted, and records where a
 * continuation must resume.
 */
export class ReadBudget {
  private queryCount = 0;
  private itemCount = 0;
  private resume: Position | undefined;

  constructor(readonly limits: ReadLimits = SEARCH_READ_LIMITS) {}

  /** Records a store request as it is sent, so reads in flight count at once. */
  chargeQuery(): void {
    this.queryCount += 1;
  }

  /** Records the rows a store request evaluated, once it answers. */
  chargeItems(items: number): void {
    this.itemCount += items;
  }

  /** True once either limit is reached: no further store request may start. */
  get exhausted(): boolean {
    return this.queryCount >= this.limits.maxQueries || this.itemCount >= this.limits.maxItems;
  }

  /** Requests and rows spent so far. */
  get spent(): { readonly queries: number; readonly items: number } {
    return { queries: this.queryCount, items: this.itemCount };
  }

  /** Marks the walk as cut short: every row newer than `position` has been read. */
  stopAt(position: Position): void {
    this.resume ??= position;
  }

  /** Where a continuation resumes (strictly older than this), or undefined if the walk was complete. */
  get resumeBefore(): Position | undefined {
    return this.resume;
  }
}
