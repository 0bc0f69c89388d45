/**
 * The workload the cost model prices, and the figures it cannot read from the template.
 * Every estimate here is named as one; `npm run cost -- --help` lists the overridable ones.
 */
import { RETENTION_DAYS, type RetentionClass } from '../../lambdas/core/catalogue';

/** What the month looks like. */
export interface Workload {
  readonly eventsPerMonth: number;
  /** Events per POST /v1/events (1 to 100). */
  readonly batchSize: number;
  /** Auditor API calls (search, export, report, proof) per month. */
  readonly auditorRequestsPerMonth: number;
  /** Share of events that are failed logins or denials (detector counters, Contributor Insights). */
  readonly failureShare: number;
  /** Months the system has been running: storage (table, logs, archive) accumulates until retention. */
  readonly monthsRunning: number;
  /** Alarm notifications (SNS e-mail) per month. */
  readonly alarmNotificationsPerMonth: number;
  /** Share of events in each retention class (catalogue.ts); the archive locks each class for its own period. */
  readonly retentionMix: Readonly<Record<RetentionClass, number>>;
  /** Analysts' Athena investigations over the archive per month (periods past the hot window). */
  readonly athenaInvestigationsPerMonth: number;
}

/** Defaults of `npm run cost`. */
export const DEFAULT_WORKLOAD: Workload = {
  eventsPerMonth: 10_000_000,
  batchSize: 25,
  auditorRequestsPerMonth: 10_000,
  failureShare: 0.05,
  monthsRunning: 12,
  alarmNotificationsPerMonth: 100,
  // Estimate: record changes dominate; sign-ins and access decisions next; few system and debug events.
  retentionMix: { application: 0.6, security: 0.3, system: 0.07, debug: 0.03 },
  athenaInvestigationsPerMonth: 20,
};

/**
 * Estimates (not in the template, not measured on AWS): durations are from the local
 * benchmarks (docs/performance.md) scaled to a Lambda's CPU share, log sizes from Lambda's
 * JSON log format and the access-log format, compression from typical CloudWatch ratios.
 */
export const ESTIMATES = {
  /** Ingest: one DynamoDB round trip per request plus validation, redaction and JCS per event. */
  ingestMsPerRequest: 25,
  ingestMsPerEvent: 1.5,
  streamProcessorMsPerInvocation: 15,
  streamProcessorMsPerRecord: 0.3,
  sealerMsPerRun: 400,
  /** 43 000 events/s sealed on one core (docs/performance.md). */
  sealerMsPerEvent: 0.025,
  verifierMsPerRun: 2_000,
  /** 19 000 events/s verified; each daily run checks the last day. */
  verifierMsPerEvent: 0.055,
  queryMsPerRequest: 300,
  alarmsMsPerInvocation: 50,
  /** Lambda platform START/REPORT records, one Powertools line and one EMF metrics line per invocation. */
  logBytesPerInvocation: 1_400,
  /** Lambda's JSON envelope around each security line. */
  logEnvelopeBytes: 120,
  apiAccessLogBytesPerRequest: 600,
  wafLogBytesPerRequest: 1_500,
  /** Stored (compressed) bytes per ingested byte in CloudWatch Logs. */
  logCompression: 0.15,
  /** Days of security and application partitions one Athena investigation scans (no partition is read twice). */
  athenaInvestigationDays: 90,
  /** Extra bytes per item per global secondary index DynamoDB bills for storage. */
  indexOverheadBytes: 100,
  /** DynamoDB, CloudWatch Logs, SNS and S3 calls to customer managed keys (data-key caching keeps these low). */
  kmsBackgroundRequestsPerMonth: 100_000,
  /** Average API request rate above which X-Ray's default rule samples 5 % (reservoir 1/s). */
  xrayReservoirPerSecond: 1,
  xraySampleRate: 0.05,
} as const;

/** The archive's lock per retention class, in the model's 30-day months. */
export function retentionMonthsOf(retentionClass: RetentionClass): number {
  return RETENTION_DAYS[retentionClass] / 30;
}

/** Seconds in the 30-day month the model uses. */
export const SECONDS_PER_MONTH = 30 * 24 * 3600;

/** Throws a clear error naming the field when the workload is not priceable. */
export function checkWorkload(w: Workload): Workload {
  const bad = (field: string, rule: string) => new Error(`${field} must be ${rule}`);
  if (!Number.isFinite(w.eventsPerMonth) || w.eventsPerMonth < 0) throw bad('--events-per-month', 'a number ≥ 0');
  if (!Number.isInteger(w.batchSize) || w.batchSize < 1 || w.batchSize > 100) throw bad('--batch', 'an integer from 1 to 100');
  if (!Number.isInteger(w.monthsRunning) || w.monthsRunning < 1) throw bad('--months', 'an integer ≥ 1');
  if (!(w.failureShare >= 0 && w.failureShare <= 1)) throw bad('--failure-share', 'from 0 to 1');
  if (!Number.isFinite(w.auditorRequestsPerMonth) || w.auditorRequestsPerMonth < 0) throw bad('--auditor-requests', 'a number ≥ 0');
  const shares = Object.values(w.retentionMix);
  if (shares.some((s) => !(s >= 0)) || Math.abs(shares.reduce((n, s) => n + s, 0) - 1) > 1e-9) throw bad('retentionMix', 'shares ≥ 0 that sum to 1');
  return w;
}
