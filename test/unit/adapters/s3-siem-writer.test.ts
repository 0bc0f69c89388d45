/** The S3 SIEM destination: NDJSON objects keyed by day and first eventId, SSE-KMS, never overwritten. */
import { HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { S3SiemWriter } from '../../../lambdas/adapters/s3/s3-siem-writer';
import { SiemDeliveryError, type SiemRecord } from '../../../lambdas/core/siem/ports';
import { siemRecord } from '../../../lambdas/core/siem/records';
import { storedEvents } from '../../fixtures/siem-events';

const BUCKET = 'secops-security-lake-eu-west-1';
const KMS_KEY = 'arn:aws:kms:eu-west-1:444444444444:key/1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d';
const s3 = mockClient(S3Client);

const ocsf = (n: number): SiemRecord[] => storedEvents(n).map((event) => siemRecord('ocsf', event));
const newWriter = (options: { prefix?: string; kmsKeyId?: string; format?: 'ocsf' | 'cef' } = {}) =>
  new S3SiemWriter(new S3Client({ region: 'eu-west-1' }), {
    destination: 'lake',
    bucket: BUCKET,
    format: options.format ?? 'ocsf',
    ...options,
  });
const puts = () => s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
const conflict = () =>
  new S3ServiceException({ name: 'PreconditionFailed', $fault: 'client', $metadata: { httpStatusCode: 412 }, message: 'At least one of the pre-conditions you specified did not hold' });

beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
});

describe('S3SiemWriter.send', () => {
  it('writes the batch as one NDJSON object under prefix/yyyy/mm/dd/<first eventId>.ndjson, SSE-KMS, only if new', async () => {
    // Prepare
    const records = ocsf(3);
    // Act
    await newWriter({ prefix: 'ocsf/dmis/', kmsKeyId: KMS_KEY }).send(records);
    // Assess
    expect(puts()).toEqual([
      {
        Bucket: BUCKET,
        Key: `ocsf/dmis/2026/11/20/${records[0]?.eventId}.ndjson`,
        Body: `${records.map((r) => r.body).join('\n')}\n`,
        ContentType: 'application/x-ndjson',
        IfNoneMatch: '*',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KMS_KEY,
        Metadata: { 'event-count': '3' },
      },
    ]);
  });

  it('parses back, line by line, to the records it was given', async () => {
    // Prepare
    const records = ocsf(4);
    // Act
    await newWriter().send(records);
    // Assess
    const lines = String(puts()[0]?.Body).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(records.map((r) => JSON.parse(r.body) as unknown));
  });

  it('uses SSE-KMS with the default key and keys from the year when neither key nor prefix is set', async () => {
    // Prepare
    const records = ocsf(1);
    // Act
    await newWriter().send(records);
    // Assess
    expect(puts()[0]).toMatchObject({ Key: `2026/11/20/${records[0]?.eventId}.ndjson`, ServerSideEncryption: 'aws:kms' });
    expect(puts()[0]).not.toHaveProperty('SSEKMSKeyId');
  });

  it('writes CEF lines as JSON strings, so every line is JSON', async () => {
    // Prepare
    const records = storedEvents(2).map((event) => siemRecord('cef', event));
    // Act
    await newWriter({ format: 'cef' }).send(records);
    // Assess
    const lines = String(puts()[0]?.Body).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(records.map((r) => r.body));
  });

  it('takes a retried batch its earlier object already holds as delivered, writing nothing new', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(conflict());
    s3.on(HeadObjectCommand).resolves({ Metadata: { 'event-count': '5' } });
    // Act
    await newWriter().send(ocsf(3));
    // Assess
    expect({ puts: puts().length, heads: s3.commandCalls(HeadObjectCommand).length }).toEqual({ puts: 1, heads: 1 });
  });

  it('writes only the records beyond those an earlier object holds, under the first of them', async () => {
    // Prepare
    const records = ocsf(5);
    s3.on(PutObjectCommand).rejectsOnce(conflict()).resolves({});
    s3.on(HeadObjectCommand).resolves({ Metadata: { 'event-count': '2' } });
    // Act
    await newWriter().send(records);
    // Assess
    expect(s3.commandCalls(HeadObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: `2026/11/20/${records[0]?.eventId}.ndjson` },
    ]);
    expect(puts().map((p) => [p.Key, p.Metadata])).toEqual([
      [`2026/11/20/${records[0]?.eventId}.ndjson`, { 'event-count': '5' }],
      [`2026/11/20/${records[2]?.eventId}.ndjson`, { 'event-count': '3' }],
    ]);
  });

  it('fails delivery when an object it did not write holds the key', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(conflict());
    s3.on(HeadObjectCommand).resolves({ Metadata: {} });
    // Act
    const sending = newWriter().send(ocsf(1));
    // Assess
    await expect(sending).rejects.toBeInstanceOf(SiemDeliveryError);
  });

  it('turns an S3 failure into a SiemDeliveryError naming the destination and the error', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'Access Denied' }),
    );
    // Act
    const error = await newWriter().send(ocsf(1)).catch((e: unknown) => e);
    // Assess
    expect(error).toMatchObject({ name: 'SiemDeliveryError', destination: 'lake', message: 'lake: S3 PutObject failed: AccessDenied' });
  });

  it('writes nothing for an empty batch', async () => {
    // Act
    await newWriter().send([]);
    // Assess
    expect(puts()).toEqual([]);
  });
});
