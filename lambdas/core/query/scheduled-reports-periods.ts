import { ValidationError } from '../errors';
import type { Period } from './period';

/**
 * The periods of the scheduled reports: one UTC day (`YYYY-MM-DD`) or one ISO 8601 week
 * (`YYYY-Www`, Monday 00:00 to the next Monday 00:00 UTC). A period is reported on only
 * once it has ended, and by default the schedule reports the one that ended last.
 */

/** A report's period and the label that names it (in file names and subjects). */
export interface ReportPeriod extends Period {
  readonly label: string;
}

/** `YYYY-MM-DD`. */
export const UTC_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** `YYYY-Www`. */
export const ISO_WEEK = /^\d{4}-W\d{2}$/;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** The UTC day `date`; a ValidationError names `field` when it is not a calendar date. */
export function dayPeriod(date: string, field = 'date'): ReportPeriod {
  const start = UTC_DATE.test(date) ? Date.parse(`${date}T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== date) {
    throw new ValidationError(`${field} must be a calendar date YYYY-MM-DD`, [{ path: field, message: 'not a calendar date' }]);
  }
  return { label: date, from: iso(start), to: iso(start + DAY_MS) };
}

/** The ISO week `week`; a ValidationError names `field` when the year has no such week. */
export function isoWeekPeriod(week: string, field = 'week'): ReportPeriod {
  const year = Number(week.slice(0, 4));
  const n = Number(week.slice(6));
  const start = mondayOfWeekOne(year) + (n - 1) * WEEK_MS;
  // Week 00, or week 53 of a 52-week year, lands in a neighbouring year's numbering.
  if (!ISO_WEEK.test(week) || isoWeekOf(new Date(start)) !== week) {
    throw new ValidationError(`${field} must be an ISO week YYYY-Www that exists in that year`, [{ path: field, message: 'no such ISO week' }]);
  }
  return { label: week, from: iso(start), to: iso(start + WEEK_MS) };
}

/** The ISO week (`YYYY-Www`) holding an instant, in UTC. */
export function isoWeekOf(at: Date): string {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  // The week belongs to the year of its Thursday.
  const thursday = day - weekdayIndex(day) * DAY_MS + 3 * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / WEEK_MS);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The UTC day before the one holding `now`: the last complete day. */
export function previousDay(now: Date): string {
  return new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);
}

/** The ISO week before the one holding `now`: the last complete week. */
export function previousIsoWeek(now: Date): string {
  return isoWeekOf(new Date(now.getTime() - WEEK_MS));
}

/** Refuses a period that has not ended at `now`: its report would be incomplete. */
export function assertEnded(period: ReportPeriod, now: Date, field: string): void {
  if (Date.parse(period.to) > now.getTime()) {
    throw new ValidationError(`${field} ${period.label} has not ended yet`, [{ path: field, message: 'period not ended' }]);
  }
}

/** Monday 0 .. Sunday 6. */
function weekdayIndex(dayMs: number): number {
  return (new Date(dayMs).getUTCDay() + 6) % 7;
}

/** Week 1 is the week holding 4 January. */
function mondayOfWeekOne(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - weekdayIndex(jan4) * DAY_MS;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
