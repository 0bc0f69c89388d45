/**
 * The hot window: how long an event stays in the DynamoDB table. The sealed archive is the
 * system of record for the whole retention; the table keeps only the recent months that
 * searches, timelines and alarms read most. An item expires at the earlier of the end of
 * its hot window and the end of its retention. Configured per stage (`hotWindowDays` in
 * lib/config.ts, `HOT_WINDOW_SECONDS` in the functions' environment contract).
 */

/** About thirteen months: a year-over-year comparison still reads the table. */
export const DEFAULT_HOT_WINDOW_DAYS = 395;

const DAY_SECONDS = 86_400;

/** The hot window in seconds for a number of days. */
export function hotWindowSecondsOf(days: number): number {
  return days * DAY_SECONDS;
}

/** When an event ingested at `ingestedAt` with retention until `retentionExpiresAt` leaves the table (ISO 8601 in, epoch seconds out). */
export function tableExpiryEpoch(ingestedAt: string, retentionExpiresAt: string, hotWindowSeconds: number): number {
  const hotEnd = Math.floor(Date.parse(ingestedAt) / 1000) + hotWindowSeconds;
  return Math.min(hotEnd, Math.floor(Date.parse(retentionExpiresAt) / 1000));
}

/**
 * The oldest occurredAt the table is sure to hold at `now`: an event's occurredAt is never
 * after its ingestedAt by more than the accepted clock skew, so every event that occurred
 * at or after this instant was ingested inside the hot window and is still in the table.
 * Older periods are read from the archive.
 */
export function hotBoundary(now: Date, hotWindowSeconds: number): Date {
  return new Date(now.getTime() - hotWindowSeconds * 1000);
}
