import type { StoredEvent } from '../event-schema';
import { arrivalDelaySeconds, isLateArrival, LATE_ARRIVAL_THRESHOLD_SECONDS } from '../late-arrival';
import type { LateArrivals } from './api-schemas';

/** How many late arrivals the report lists: the most recently ingested ones. */
export const LATE_ARRIVALS_LISTED = 50;

type Listed = LateArrivals['latest'][number];

/** Counts a period's late arrivals and keeps the latest ingested, in bounded memory. */
export class LateArrivalTally {
  private total = 0;
  private maxDelay: number | null = null;
  private kept: Listed[] = [];

  /** Looks at one event; only late arrivals are counted. */
  add(e: StoredEvent): void {
    if (!isLateArrival(e)) return;
    const delaySeconds = arrivalDelaySeconds(e);
    this.total += 1;
    this.maxDelay = Math.max(this.maxDelay ?? 0, delaySeconds);
    this.kept.push({ eventId: e.eventId, delaySeconds, occurredAt: e.occurredAt, ingestedAt: e.ingestedAt, eventType: e.eventType, userId: e.actor.userId });
    // Events come in occurredAt order, not ingest order; trimming at twice the size keeps sorting rare.
    if (this.kept.length >= 2 * LATE_ARRIVALS_LISTED) this.kept = latestFirst(this.kept);
  }

  /** The report section. */
  summary(): LateArrivals {
    return { thresholdSeconds: LATE_ARRIVAL_THRESHOLD_SECONDS, total: this.total, maxDelaySeconds: this.maxDelay, latest: latestFirst(this.kept) };
  }
}

function latestFirst(listed: readonly Listed[]): Listed[] {
  return [...listed]
    .sort((a, b) => (a.ingestedAt === b.ingestedAt ? (a.eventId < b.eventId ? -1 : 1) : a.ingestedAt < b.ingestedAt ? 1 : -1))
    .slice(0, LATE_ARRIVALS_LISTED);
}
