/**
 * Report delivery on AWS: both copies are put SSE-KMS into the reports bucket under
 * `reports/<kind>/<period>.{md,json}`, then a short e-mail text (counts, user ids, the
 * S3 console link and the s3:// URIs) is published to the reports topic.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { ReportDelivery, ReportDocument, ReportNotice, StoredReport } from '../../core/query/report-delivery';

/** The prefix reports are written under (lib/constructs/scheduled-reports.ts grants and expires exactly this). */
export const REPORTS_PREFIX = 'reports/';

/** Where the reports go. */
export interface S3ReportDeliveryTarget {
  readonly bucket: string;
  /** The KMS key every copy is encrypted with. */
  readonly kmsKeyArn: string;
  readonly topicArn: string;
  /** For the console link. */
  readonly region: string;
}

/** Stores reports in S3 and mails their notice through SNS. */
export class S3ReportDelivery implements ReportDelivery {
  constructor(
    private readonly s3: Pick<S3Client, 'send'>,
    private readonly sns: Pick<SNSClient, 'send'>,
    private readonly target: S3ReportDeliveryTarget,
  ) {}

  async store(document: ReportDocument): Promise<StoredReport> {
    const base = `${REPORTS_PREFIX}${document.kind}/${document.label}`;
    await this.put(`${base}.md`, document.markdown, 'text/markdown; charset=utf-8');
    await this.put(`${base}.json`, document.json, 'application/json');
    const { bucket, region } = this.target;
    return {
      markdown: `s3://${bucket}/${base}.md`,
      json: `s3://${bucket}/${base}.json`,
      link: `https://${region}.console.aws.amazon.com/s3/object/${bucket}?region=${region}&prefix=${encodeURIComponent(`${base}.md`)}`,
    };
  }

  async notify(notice: ReportNotice): Promise<void> {
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.target.topicArn,
        // SNS refuses subjects over 100 characters or with line breaks.
        Subject: notice.subject.replace(/[\r\n]+/g, ' ').slice(0, 100),
        Message: notice.text,
      }),
    );
  }

  private async put(key: string, body: string, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.target.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: this.target.kmsKeyArn,
      }),
    );
  }
}
