/**
 * The scheduled reports read their period from the table: the config refuses a hot window
 * shorter than the weekly report's period plus the margin, with a message that says why.
 */
import { describe, expect, it } from '@jest/globals';
import {
  LONGEST_REPORT_PERIOD_DAYS,
  MIN_HOT_WINDOW_DAYS,
  REPORT_MARGIN_DAYS,
  resolveAuditConfig,
  type ConfigSource,
} from '../../lib/config';
import { isoWeekPeriod } from '../../lambdas/core/query/scheduled-reports-periods';

const sourceOf =
  (values: Record<string, unknown>): ConfigSource =>
  (key) =>
    values[key];

describe('hotWindowDays against the scheduled reports', () => {
  it('is at least the longest report period (an ISO week) plus the margin', () => {
    const week = isoWeekPeriod('2026-W48');
    expect((Date.parse(week.to) - Date.parse(week.from)) / 86_400_000).toBe(LONGEST_REPORT_PERIOD_DAYS);
    expect(MIN_HOT_WINDOW_DAYS).toBe(LONGEST_REPORT_PERIOD_DAYS + REPORT_MARGIN_DAYS);
  });

  it('accepts the minimum', () => {
    expect(resolveAuditConfig(sourceOf({ hotWindowDays: String(MIN_HOT_WINDOW_DAYS) })).hotWindowDays).toBe(
      MIN_HOT_WINDOW_DAYS,
    );
  });

  it.each([['1'], [String(MIN_HOT_WINDOW_DAYS - 1)]])(
    'refuses %s days, naming the key and the weekly report',
    (days) => {
      const resolve = () => resolveAuditConfig(sourceOf({ hotWindowDays: days }));
      expect(resolve).toThrow(
        `Invalid config "hotWindowDays": must be at least ${MIN_HOT_WINDOW_DAYS} days: the weekly scheduled report`,
      );
    },
  );
});
