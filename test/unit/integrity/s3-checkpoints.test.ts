import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { S3CheckpointLog, S3VerifiedCheckpoint } from '../../../lambdas/adapters/s3/s3-checkpoints';

/** The S3 checkpoint adapters at the SDK boundary: the exact requests they send. */

const s3 = mockClient(S3Client);
const BUCKET = 'checkpoints-bucket';
afterEach(() => {
  s3.reset();
});

const preconditionFailed = () =>
  new S3ServiceException({ name: 'PreconditionFailed', $fault: 'client', $metadata: { httpStatusCode: 412 } });
const body = (text: string) => ({ Body: { transformToString: async () => text } }) as never;

describe('S3CheckpointLog', () => {
  it('puts the note of a tree size once, then as the newest', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    // Act
    await new S3CheckpointLog(new S3Client({}), BUCKET).publish(7, 'note\n');
    // Assess
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({
        Bucket: BUCKET,
        Key: 'checkpoints/7.txt',
        Body: 'note\n',
        IfNoneMatch: '*',
        ChecksumAlgorithm: 'SHA256',
      }),
      expect.objectContaining({ Bucket: BUCKET, Key: 'checkpoints/latest', Body: 'note\n' }),
    ]);
    expect(s3.commandCalls(PutObjectCommand)[1]?.args[0].input.IfNoneMatch).toBeUndefined();
  });

  it('keeps the first note of a repeated tree size and still updates the newest', async () => {
    // Prepare
    s3.on(PutObjectCommand, { Key: 'checkpoints/7.txt' }).rejects(preconditionFailed());
    s3.on(PutObjectCommand, { Key: 'checkpoints/latest' }).resolves({});
    // Act
    await new S3CheckpointLog(new S3Client({}), BUCKET).publish(7, 'heartbeat\n');
    // Assess
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
  });

  it('reads the newest note, and nothing before the first', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Key: 'checkpoints/latest' })
      .resolvesOnce(body('n\n'))
      .rejects(new NoSuchKey({ message: 'none', $metadata: {} }));
    const log = new S3CheckpointLog(new S3Client({}), BUCKET);
    // Act / Assess
    await expect(log.latest()).resolves.toBe('n\n');
    await expect(log.latest()).resolves.toBeUndefined();
  });
});

describe('S3VerifiedCheckpoint', () => {
  it('writes and reads verified/checkpoint only', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: 'verified/checkpoint' }).resolves(body('kept\n'));
    const store = new S3VerifiedCheckpoint(new S3Client({}), BUCKET);
    // Act
    await store.write('kept\n');
    // Assess
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: BUCKET,
      Key: 'verified/checkpoint',
    });
    await expect(store.read()).resolves.toBe('kept\n');
  });
});
