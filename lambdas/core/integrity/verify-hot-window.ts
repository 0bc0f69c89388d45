import type { Finding, LeftHotWindowSpan } from './findings';

/**
 * Events that left the table at the end of their hot window, folded into one info finding
 * per run of consecutive blocks. After years every old block's events have left: one finding
 * per event (or per block) would bury the errors an auditor looks for under millions of
 * expected lines, while one per run still says which blocks and events the archive alone holds.
 */

/** A sealed event absent from the table whose archived copy hashes to its leaf, past its hot window. */
export interface LeftEvent {
  readonly eventId: string;
  readonly occurredAt: string;
  /** Its ingestedAt plus the hot window. */
  readonly leftAt: string;
}

interface Run {
  readonly seq: number;
  readonly span: LeftHotWindowSpan;
}

/**
 * Folds blocks in seq order. A run goes on through blocks with at least one event that left
 * (whatever else they hold) and through empty blocks; it ends at a block with sealed events
 * none of which left, or a block that could not be read (`interrupt`).
 */
export class HotWindowRuns {
  private run: Run | undefined;

  /** Block `seq`'s events that left (in leaf order) and how many it sealed; returns the finding of a run it ends. */
  next(seq: number, left: readonly LeftEvent[], sealed: number): Finding[] {
    if (left.length === 0) return sealed === 0 ? [] : this.finish();
    for (const e of left)
      this.run = this.run
        ? { seq: this.run.seq, span: extend(this.run.span, seq, e) }
        : { seq, span: startSpan(seq, e) };
    return [];
  }

  /** Ends the current run: a block between could not be checked. */
  interrupt(): Finding[] {
    return this.finish();
  }

  /** The finding of the run in progress, if any, after the last block. */
  finish(): Finding[] {
    const run = this.run;
    this.run = undefined;
    return run ? [leftFinding(run.seq, run.span)] : [];
  }
}

function startSpan(seq: number, e: LeftEvent): LeftHotWindowSpan {
  return {
    lastSeq: seq,
    count: 1,
    firstEventId: e.eventId,
    lastEventId: e.eventId,
    earliestOccurredAt: e.occurredAt,
    latestOccurredAt: e.occurredAt,
    lastLeftAt: e.leftAt,
  };
}

function extend(span: LeftHotWindowSpan, seq: number, e: LeftEvent): LeftHotWindowSpan {
  return {
    lastSeq: seq,
    count: span.count + 1,
    firstEventId: span.firstEventId,
    lastEventId: e.eventId,
    earliestOccurredAt:
      Date.parse(e.occurredAt) < Date.parse(span.earliestOccurredAt) ? e.occurredAt : span.earliestOccurredAt,
    latestOccurredAt:
      Date.parse(e.occurredAt) > Date.parse(span.latestOccurredAt) ? e.occurredAt : span.latestOccurredAt,
    lastLeftAt: Date.parse(e.leftAt) > Date.parse(span.lastLeftAt) ? e.leftAt : span.lastLeftAt,
  };
}

function leftFinding(seq: number, span: LeftHotWindowSpan): Finding {
  const blocks = span.lastSeq === seq ? `block ${seq}` : `blocks ${seq}..${span.lastSeq}`;
  const ids = span.count === 1 ? `event ${span.firstEventId}` : `events ${span.firstEventId} … ${span.lastEventId}`;
  const occurred =
    span.count === 1
      ? `occurred ${span.earliestOccurredAt}`
      : `occurred ${span.earliestOccurredAt} … ${span.latestOccurredAt}`;
  return {
    severity: 'info',
    code: 'event_left_hot_window',
    seq,
    message:
      `${span.count} event${span.count === 1 ? '' : 's'} of ${blocks} left the table at the end of the hot window ` +
      `(the last at ${span.lastLeftAt}); archived copies intact: ${ids}, ${occurred}`,
    leftHotWindow: span,
  };
}
