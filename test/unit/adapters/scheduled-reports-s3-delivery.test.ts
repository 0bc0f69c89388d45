/** The reports' AWS delivery at the SDK boundary: the exact S3 puts (SSE-KMS) and SNS publish. */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { S3ReportDelivery } from '../../../lambdas/adapters/s3/s3-report-delivery';

const TARGET = {
  bucket: 'dmis-audit-reports-test',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/7d3c1b2a-9e8f-4a6b-8c5d-1e2f3a4b5c6d',
  topicArn: 'arn:aws:sns:eu-west-1:123456789012:dmis-audit-reports',
  region: 'eu-west-1',
};
const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
const delivery = () => new S3ReportDelivery(new S3Client({ region: 'eu-west-1' }), new SNSClient({ region: 'eu-west-1' }), TARGET);

beforeEach(() => {
  s3.reset();
  sns.reset();
  s3.on(PutObjectCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

describe('S3ReportDelivery', () => {
  it('puts the Markdown and JSON copies under reports/<kind>/<period>, SSE-KMS with the given key', async () => {
    // Act
    const stored = await delivery().store({ kind: 'weekly-changes', label: '2026-W47', markdown: '# report\n', json: '{"kind":"weekly-changes"}\n' });
    // Assess
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: TARGET.bucket, Key: 'reports/weekly-changes/2026-W47.md', Body: '# report\n', ContentType: 'text/markdown; charset=utf-8', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: TARGET.kmsKeyArn },
      { Bucket: TARGET.bucket, Key: 'reports/weekly-changes/2026-W47.json', Body: '{"kind":"weekly-changes"}\n', ContentType: 'application/json', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: TARGET.kmsKeyArn },
    ]);
    expect(stored).toEqual({
      markdown: 's3://dmis-audit-reports-test/reports/weekly-changes/2026-W47.md',
      json: 's3://dmis-audit-reports-test/reports/weekly-changes/2026-W47.json',
      link: 'https://eu-west-1.console.aws.amazon.com/s3/object/dmis-audit-reports-test?region=eu-west-1&prefix=reports%2Fweekly-changes%2F2026-W47.md',
    });
  });

  it('publishes the subject on one line and the text as the message', async () => {
    // Act
    await delivery().notify({ kind: 'daily-logins', label: '2026-11-20', subject: 'DMIS audit: daily\r\nlogin activity', text: 'Logins: 3 successful\n\nReport: https://x', link: 'https://x' });
    // Assess
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([
      { TopicArn: TARGET.topicArn, Subject: 'DMIS audit: daily login activity', Message: 'Logins: 3 successful\n\nReport: https://x' },
    ]);
  });

  it('fails the store when S3 refuses a put, and publishes nothing by itself', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(new Error('AccessDenied'));
    // Act, Assess
    await expect(delivery().store({ kind: 'daily-logins', label: '2026-11-20', markdown: '', json: '{}' })).rejects.toThrow('AccessDenied');
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });
});
