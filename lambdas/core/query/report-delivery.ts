import type { ScheduledReportKind } from './scheduled-reports';

/**
 * Where the scheduled reports go: the two copies are stored (an SSE-KMS bucket on AWS,
 * `.local/reports/` locally), then the security team is told, with a link to them (SNS
 * e-mail on AWS, `.local/notifications.ndjson` locally).
 */

/** One report, rendered twice, named by kind and period label. */
export interface ReportDocument {
  readonly kind: ScheduledReportKind;
  /** `YYYY-MM-DD` or `YYYY-Www`. */
  readonly label: string;
  readonly markdown: string;
  readonly json: string;
}

/** Where the stored copies are. */
export interface StoredReport {
  /** The Markdown copy: an `s3://` URI or a file path. */
  readonly markdown: string;
  /** The JSON copy: an `s3://` URI or a file path. */
  readonly json: string;
  /** What a reader opens: the S3 console page of the Markdown copy, or its file URL. */
  readonly link: string;
}

/** The notification: a one-line subject and a short text that already names the copies. */
export interface ReportNotice {
  readonly kind: ScheduledReportKind;
  readonly label: string;
  /** At most 100 characters, one line (SNS's limit for e-mail subjects). */
  readonly subject: string;
  /** Counts and user ids only: never event content. */
  readonly text: string;
  readonly link: string;
}

/** Stores a report's copies, then notifies. */
export interface ReportDelivery {
  /** Writes both copies, replacing an earlier run's for the same period; returns where they are. */
  store(document: ReportDocument): Promise<StoredReport>;
  /** Tells the security team a report is ready. */
  notify(notice: ReportNotice): Promise<void>;
}
