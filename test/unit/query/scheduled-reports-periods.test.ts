/** Days and ISO weeks of the scheduled reports. */
import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../../lambdas/core/errors';
import { dayPeriod, isoWeekOf, isoWeekPeriod, previousDay, previousIsoWeek } from '../../../lambdas/core/query/scheduled-reports-periods';

describe('ISO weeks', () => {
  it.each([
    ['2026-11-16T00:00:00.000Z', '2026-W47'],
    ['2026-11-22T23:59:59.999Z', '2026-W47'],
    ['2021-01-03T12:00:00.000Z', '2020-W53'],
    ['2024-12-30T00:00:00.000Z', '2025-W01'],
    ['2026-12-31T00:00:00.000Z', '2026-W53'],
  ])('%s is in %s', (instant, week) => {
    expect(isoWeekOf(new Date(instant))).toBe(week);
  });

  it.each([
    ['2026-W47', '2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z'],
    ['2025-W01', '2024-12-30T00:00:00.000Z', '2025-01-06T00:00:00.000Z'],
    ['2020-W53', '2020-12-28T00:00:00.000Z', '2021-01-04T00:00:00.000Z'],
  ])('%s runs from Monday %s to %s', (week, from, to) => {
    expect(isoWeekPeriod(week)).toEqual({ label: week, from, to });
  });

  it.each(['2025-W53', '2026-W00', '2026-W54', '2026-47'])('refuses %s', (week) => {
    expect(() => isoWeekPeriod(week)).toThrow(ValidationError);
  });
});

describe('days', () => {
  it('runs from midnight to midnight UTC', () => {
    expect(dayPeriod('2024-02-29')).toEqual({ label: '2024-02-29', from: '2024-02-29T00:00:00.000Z', to: '2024-03-01T00:00:00.000Z' });
  });

  it.each(['2025-02-29', '2026-13-01', '2026-1-01', '20261101'])('refuses %s', (date) => {
    expect(() => dayPeriod(date)).toThrow(ValidationError);
  });
});

describe('the last complete period', () => {
  it.each([
    ['2026-11-23T06:00:00.000Z', '2026-11-22', '2026-W47'],
    ['2026-11-22T23:59:59.000Z', '2026-11-21', '2026-W46'],
    ['2026-01-01T06:00:00.000Z', '2025-12-31', '2025-W52'],
  ])('at %s is day %s and week %s', (now, day, week) => {
    expect([previousDay(new Date(now)), previousIsoWeek(new Date(now))]).toEqual([day, week]);
  });
});
