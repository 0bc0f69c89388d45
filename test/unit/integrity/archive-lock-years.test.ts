import { describe, expect, it } from '@jest/globals';
import { RECORDS_RETENTION_DAYS } from '../../../lambdas/core/catalogue';
import { archiveRetentionDays, blockRetainUntil, partitionEvents } from '../../../lambdas/core/integrity/archive-codec';
import { debugEventAt, storedEventAt } from '../../fixtures/integrity/events';
import { at } from '../../fixtures/integrity/harness';

/**
 * How long the sealer locks archive objects: each partition until its events' retention ends,
 * and the longest class (with block files) for config `archiveRetentionYears` when longer.
 */

const DAY_MS = 86_400_000;
const TEN_YEARS_DAYS = 3653;

describe('archiveRetentionDays', () => {
  it('counts the leap days a span of that many years can hold', () => {
    expect([archiveRetentionDays(7), archiveRetentionDays(10), archiveRetentionDays(12)]).toEqual([
      2557,
      TEN_YEARS_DAYS,
      4383,
    ]);
  });

  it('is never less than the records retention, and is the records retention by default', () => {
    expect([archiveRetentionDays(1), archiveRetentionDays()]).toEqual([RECORDS_RETENTION_DAYS, RECORDS_RETENTION_DAYS]);
  });
});

describe('partition locks', () => {
  const security = storedEventAt(at(5));
  const debug = debugEventAt(at(9));
  const lockOf = (archiveDays?: number) =>
    Object.fromEntries(
      partitionEvents(0, [security, debug], archiveDays).map((p) => [p.key.split('/')[1], p.retainUntil]),
    );

  it('by default end a day after the latest retention end of their events', () => {
    expect(lockOf()).toEqual({
      'retention=security': new Date(Date.parse(security.retention.expiresAt) + DAY_MS),
      'retention=debug': new Date(Date.parse(debug.retention.expiresAt) + DAY_MS),
    });
  });

  it('of the longest class last for a longer archive retention from ingest; shorter classes keep theirs', () => {
    expect(lockOf(archiveRetentionDays(10))).toEqual({
      'retention=security': new Date(Date.parse(at(5)) + (TEN_YEARS_DAYS + 1) * DAY_MS),
      'retention=debug': new Date(Date.parse(debug.retention.expiresAt) + DAY_MS),
    });
  });
});

describe('block file locks', () => {
  it('last the archive retention after the block interval, plus a day', () => {
    const block = { to: at(60) };
    expect([blockRetainUntil(block), blockRetainUntil(block, archiveRetentionDays(10))]).toEqual([
      new Date(Date.parse(at(60)) + (2557 + 1) * DAY_MS),
      new Date(Date.parse(at(60)) + (TEN_YEARS_DAYS + 1) * DAY_MS),
    ]);
  });
});
