/**
 * Late arrivals, defined once. An event keeps the `occurredAt` its writer gave it; the
 * server stamps `ingestedAt`. Clients hold events in an outbox through outages and send them
 * later, so the gap between the two can be hours. Above the threshold the event is a late
 * arrival: search marks it and the compliance report lists it. The mark is derived from the
 * two stored timestamps on every read and is never stored (contentHash covers the event).
 */

/**
 * How far `ingestedAt` may trail `occurredAt` before an event counts as late: 5 minutes,
 * well above request retries and clock skew, well below an outage a client's outbox bridges.
 */
export const LATE_ARRIVAL_THRESHOLD_SECONDS = 300;

/** The two timestamps the delay is measured between. */
export interface ArrivalTimes {
  readonly occurredAt: string;
  readonly ingestedAt: string;
}

/** Whole seconds from `occurredAt` to `ingestedAt`; negative when the writer's clock runs ahead. */
export function arrivalDelaySeconds(event: ArrivalTimes): number {
  return Math.floor((Date.parse(event.ingestedAt) - Date.parse(event.occurredAt)) / 1000);
}

/** True when the event reached the server more than the threshold after it occurred. */
export function isLateArrival(event: ArrivalTimes): boolean {
  return arrivalDelaySeconds(event) > LATE_ARRIVAL_THRESHOLD_SECONDS;
}

/** A delay in seconds as people read it: `42s`, `17m`, `3h 5m`, `2d 4h`. */
export function formatDelay(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
