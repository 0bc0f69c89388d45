/**
 * Ports of the monitoring domain: what the stream processor and the detector need from
 * the outside world (the changes they receive are described in table-change.ts).
 * Implemented for AWS (stdout → CloudWatch Logs, DynamoDB counters, SNS) and locally
 * (file + memory, DynamoDB Local counters, a notifications file).
 */
import type { SecurityLine } from './security-line';

/** Where security lines go: the security log group on AWS, a file and memory locally. */
export interface SecurityLog {
  write(line: SecurityLine): Promise<void>;
}

/** Something the security team must know now; what SNS would send. */
export interface SecurityNotification {
  /** Short subject, at most 100 characters (SNS's limit for email subjects). */
  readonly subject: string;
  readonly severity: 'low' | 'medium' | 'high' | 'critical';
  /** What produced it: the real-time detector or an alarm. */
  readonly source: 'detector' | 'alarm';
  /** Structured detail; never a secret (it is built from security-line fields). */
  readonly detail: Readonly<Record<string, unknown>>;
}

/** Publishes notifications (SNS on AWS, stdout and a file locally). */
export interface Notifier {
  publish(notification: SecurityNotification): Promise<void>;
}

/** Sliding-window counters and once-per-window alert claims for the real-time detector. */
export interface DetectorCounters {
  /**
   * Adds one to `key`'s counter for bucket `bucket` and returns the sum of the counters of
   * `windowBuckets` (which include `bucket`). Items may be forgotten after `expiresAtEpoch`.
   */
  addAndCount(key: string, bucket: number, windowBuckets: readonly number[], expiresAtEpoch: number): Promise<number>;
  /**
   * Claims the right to alert on `key` until `untilEpoch`; true for exactly one caller
   * while a claim is live, so one burst gives one alert however many records see it.
   */
  claimAlert(key: string, nowEpoch: number, untilEpoch: number): Promise<boolean>;
}
