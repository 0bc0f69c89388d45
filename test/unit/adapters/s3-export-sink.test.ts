import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { EXPORT_LINK_SECONDS, S3ExportSink } from '../../../lambdas/adapters/s3/s3-export-sink';
import { expectedS3PresignSignature } from '../../fixtures/sigv4-query-auth';

const BUCKET = 'dmis-audit-exports-test';
const KMS_KEY_ID = 'arn:aws:kms:eu-west-1:123456789012:key/7d3c1b2a-9e8f-4a6b-8c5d-1e2f3a4b5c6d';
const NOW = new Date('2026-11-20T10:16:00.000Z');
const NAME = 'export-2026-11-20T10-16-00-000Z.csv';
const BODY = Buffer.from('eventId,eventType\n1,auth.login.success\n', 'utf8');
/** Fake, fixed credentials: presigning is pure computation, so it works offline. */
const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const s3 = mockClient(S3Client);

function newSink(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = CREDENTIALS,
): S3ExportSink {
  return new S3ExportSink(new S3Client({ region: 'eu-west-1', credentials }), BUCKET, KMS_KEY_ID, () => new Date(NOW));
}

function putInputs() {
  return s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
}

beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
});

describe('S3ExportSink.put', () => {
  it('writes the body under exports/<date>/<uuid>/<name>, SSE-KMS with the audit key, as a download', async () => {
    // Act
    await newSink().put(NAME, 'text/csv; charset=utf-8', BODY);
    // Assess
    expect(putInputs()).toEqual([
      {
        Bucket: BUCKET,
        Key: expect.stringMatching(
          new RegExp(`^exports/2026-11-20/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/${NAME}$`),
        ),
        Body: BODY,
        ContentType: 'text/csv; charset=utf-8',
        ContentDisposition: `attachment; filename="${NAME}"`,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KMS_KEY_ID,
      },
    ]);
  });

  it('puts each export under a fresh key, so two exports of one name never collide', async () => {
    // Prepare
    const sink = newSink();
    // Act
    await sink.put(NAME, 'text/csv', BODY);
    await sink.put(NAME, 'text/csv', BODY);
    // Assess
    const [first, second] = putInputs().map((input) => input.Key);
    expect(first).not.toBe(second);
  });

  it('returns a link to the object it wrote, on the bucket virtual-hosted regional endpoint', async () => {
    // Act
    const { url } = await newSink().put(NAME, 'text/csv', BODY);
    // Assess
    const link = new URL(url);
    expect({ origin: link.origin, key: link.pathname.slice(1) }).toEqual({
      origin: `https://${BUCKET}.s3.eu-west-1.amazonaws.com`,
      key: putInputs()[0]?.Key,
    });
  });

  it('presigns the link for 15 minutes (X-Amz-Expires=900) from the clock, with the client credentials', async () => {
    // Act
    const { url } = await newSink().put(NAME, 'text/csv', BODY);
    // Assess
    const query = Object.fromEntries(new URL(url).searchParams);
    expect(query).toEqual({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIAIOSFODNN7EXAMPLE/20261120/eu-west-1/s3/aws4_request',
      'X-Amz-Date': '20261120T101600Z',
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('carries the session token of temporary (Lambda role) credentials in the link', async () => {
    // Prepare
    const sink = newSink({ ...CREDENTIALS, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' });
    // Act
    const { url } = await sink.put(NAME, 'text/csv', BODY);
    // Assess
    expect(new URL(url).searchParams.get('X-Amz-Security-Token')).toBe('FwoGZXIvYXdzEXAMPLETOKEN');
  });

  it('reports when the link expires: the clock plus EXPORT_LINK_SECONDS (15 minutes)', async () => {
    // Act
    const { expiresAt } = await newSink().put(NAME, 'text/csv', BODY);
    // Assess
    expect({ expiresAt, seconds: EXPORT_LINK_SECONDS }).toEqual({
      expiresAt: '2026-11-20T10:31:00.000Z',
      seconds: 900,
    });
  });

  // Fails today: the sink signs the SHA-256 of an empty body, where S3 query-string auth
  // expects UNSIGNED-PAYLOAD, so S3 would answer SignatureDoesNotMatch. Turn this into
  // `it` when the sink is fixed.
  it('signs the link as S3 checks presigned URLs (UNSIGNED-PAYLOAD)', async () => {
    // Act
    const { url } = await newSink().put(NAME, 'text/csv', BODY);
    // Assess
    const link = new URL(url);
    expect(link.searchParams.get('X-Amz-Signature')).toBe(
      expectedS3PresignSignature(link, CREDENTIALS.secretAccessKey),
    );
  });

  it('passes a failed put through and returns no link', async () => {
    // Prepare
    const denied = new S3ServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
      message: 'Access Denied',
    });
    s3.on(PutObjectCommand).rejects(denied);
    // Act
    const putting = newSink().put(NAME, 'text/csv', BODY);
    // Assess
    await expect(putting).rejects.toBe(denied);
  });
});

describe('the SigV4 query-auth reference used above', () => {
  it("reproduces AWS's published presigned-URL example", () => {
    // Prepare: the example in S3's "Authenticating Requests: Using Query Parameters".
    const example = new URL(
      'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
        '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host',
    );
    // Act
    const signature = expectedS3PresignSignature(example, CREDENTIALS.secretAccessKey);
    // Assess
    expect(signature).toBe('aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
  });
});
