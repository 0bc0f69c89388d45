import { gunzipSync } from 'node:zlib';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { S3BlockArchive } from '../../../lambdas/adapters/s3/s3-archive';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { encodeArchivedBlock, encodeEvents } from '../../../lambdas/core/integrity/archive-codec';
import { ArchiveObjectExistsError, type ArchivedBlock } from '../../../lambdas/core/integrity/ports';
import { debugEventAt, storedEventAt } from '../../fixtures/integrity/events';
import { IntegrityHarness, at } from '../../fixtures/integrity/harness';

const BUCKET = 'dmis-audit-archive-test';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/0b7e1c9a-3f5d-4a7e-9c1b-2d8f6e4a5b3c';
const s3 = mockClient(S3Client);

const DAY_MS = 86_400_000;
/** Block 0's interval ends at T0 + 60 s. */
const BLOCK_0_END = Date.parse(at(60));
const SECURITY_PARTITION = 'events/retention=security/day=2030-01-01/000000000000.ndjson.gz';
const DEBUG_PARTITION = 'events/retention=debug/day=2030-01-01/000000000000.ndjson.gz';

/** Every put carries these: conditional, checksummed, SSE-KMS with the audit key, locked in COMPLIANCE mode. */
const WRITE_ONCE_PARAMS = {
  Bucket: BUCKET,
  IfNoneMatch: '*',
  ObjectLockMode: 'COMPLIANCE',
  ChecksumAlgorithm: 'SHA256',
  ServerSideEncryption: 'aws:kms',
  SSEKMSKeyId: KEY_ARN,
};

function newArchive(): S3BlockArchive {
  return new S3BlockArchive(new S3Client({ region: 'eu-west-1' }), { bucket: BUCKET, kmsKeyArn: KEY_ARN });
}

/** Block 0 as the sealer archives it, with the events it seals: security events and one debug event. */
async function sealedBlockZero(): Promise<{ archived: ArchivedBlock; events: StoredEvent[] }> {
  const h = new IntegrityHarness();
  h.ingest(storedEventAt(at(5)), debugEventAt(at(11)), storedEventAt(at(20)), storedEventAt(at(41)));
  await h.seal(70);
  return { archived: (await h.archive.getBlock(0))!, events: (await h.archive.getEvents(0))! };
}

/** An S3 error as the SDK deserialises it from an HTTP status. */
function s3Error(name: string, httpStatusCode: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message: name });
}

/** The one part of a GetObject body stream the adapter reads. */
function bodyOf(bytes: Uint8Array): GetObjectCommandOutput['Body'] {
  return { transformToByteArray: async () => new Uint8Array(bytes) } as unknown as GetObjectCommandOutput['Body'];
}

function putInputs() {
  return s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
}

function putOf(key: string) {
  return putInputs().find((input) => input.Key === key);
}

beforeEach(() => {
  s3.reset();
});

describe('S3BlockArchive.putBlock', () => {
  it('puts blocks/<seq>.json write-once (If-None-Match: *) with SSE-KMS, locked for the records retention', async () => {
    // Prepare
    const { archived } = await sealedBlockZero();
    s3.on(PutObjectCommand).resolves({});
    // Act
    await newArchive().putBlock(archived);
    // Assess
    expect(putInputs()).toEqual([
      {
        ...WRITE_ONCE_PARAMS,
        Key: 'blocks/000000000000.json',
        ContentType: 'application/json',
        ObjectLockRetainUntilDate: new Date(BLOCK_0_END + (2557 + 1) * DAY_MS),
        Body: expect.any(Buffer),
      },
    ]);
  });

  it('writes the block, its leaves and its event objects as the JSON body', async () => {
    // Prepare
    const { archived } = await sealedBlockZero();
    s3.on(PutObjectCommand).resolves({});
    // Act
    await newArchive().putBlock(archived);
    // Assess
    const body = putInputs()[0]?.Body as Buffer;
    expect(JSON.parse(body.toString('utf8'))).toEqual({
      block: archived.block,
      leaves: archived.leaves,
      eventObjects: [SECURITY_PARTITION, DEBUG_PARTITION],
    });
  });

  it('refuses with ArchiveObjectExistsError naming the key when S3 answers 412 PreconditionFailed', async () => {
    // Prepare
    const { archived } = await sealedBlockZero();
    s3.on(PutObjectCommand).rejects(s3Error('PreconditionFailed', 412));
    // Act
    const put = newArchive().putBlock(archived);
    // Assess
    await expect(put).rejects.toBeInstanceOf(ArchiveObjectExistsError);
    await expect(put).rejects.toMatchObject({ key: 'blocks/000000000000.json' });
  });

  it('treats 409 ConditionalRequestConflict (a concurrent conditional put) as an existing object', async () => {
    // Prepare
    const { archived } = await sealedBlockZero();
    s3.on(PutObjectCommand).rejects(s3Error('ConditionalRequestConflict', 409));
    // Act
    const put = newArchive().putBlock(archived);
    // Assess
    await expect(put).rejects.toBeInstanceOf(ArchiveObjectExistsError);
  });

  it('passes any other S3 error through unchanged', async () => {
    // Prepare
    const { archived } = await sealedBlockZero();
    const denied = s3Error('AccessDenied', 403);
    s3.on(PutObjectCommand).rejects(denied);
    // Act
    const put = newArchive().putBlock(archived);
    // Assess
    await expect(put).rejects.toBe(denied);
  });
});

describe('S3BlockArchive.putEvents', () => {
  it('puts one write-once gzip NDJSON object per retention class and day, with SSE-KMS', async () => {
    // Prepare
    const { events } = await sealedBlockZero();
    s3.on(PutObjectCommand).resolves({});
    // Act
    await newArchive().putEvents(0, events);
    // Assess
    const common = { ...WRITE_ONCE_PARAMS, ContentType: 'application/x-ndjson', ContentEncoding: 'gzip' };
    expect(putInputs()).toEqual([
      { ...common, Key: SECURITY_PARTITION, ObjectLockRetainUntilDate: expect.any(Date), Body: expect.any(Buffer) },
      { ...common, Key: DEBUG_PARTITION, ObjectLockRetainUntilDate: expect.any(Date), Body: expect.any(Buffer) },
    ]);
  });

  it('locks a debug partition for its 30 days plus a day, not for seven years', async () => {
    // Prepare
    const { events } = await sealedBlockZero();
    s3.on(PutObjectCommand).resolves({});
    // Act
    await newArchive().putEvents(0, events);
    // Assess
    const days = (putOf(DEBUG_PARTITION)?.ObjectLockRetainUntilDate as Date).getTime() - BLOCK_0_END;
    expect(days / DAY_MS).toBeGreaterThan(30);
    expect(days / DAY_MS).toBeLessThan(32);
  });

  it('locks a security partition until the latest retention end of its events plus a day', async () => {
    // Prepare
    const { events } = await sealedBlockZero();
    s3.on(PutObjectCommand).resolves({});
    const latest = Math.max(
      ...events.filter((e) => e.retention.class === 'security').map((e) => Date.parse(e.retention.expiresAt)),
    );
    // Act
    await newArchive().putEvents(0, events);
    // Assess
    expect(putOf(SECURITY_PARTITION)?.ObjectLockRetainUntilDate).toEqual(new Date(latest + DAY_MS));
  });

  it('writes each partition as one stored event per line, in leaf order', async () => {
    // Prepare
    const { events } = await sealedBlockZero();
    s3.on(PutObjectCommand).resolves({});
    // Act
    await newArchive().putEvents(0, events);
    // Assess
    const lines = gunzipSync(putOf(SECURITY_PARTITION)?.Body as Buffer)
      .toString('utf8')
      .split('\n');
    expect({ events: lines.slice(0, -1).map((line) => JSON.parse(line) as unknown), last: lines.at(-1) }).toEqual({
      events: events.filter((e) => e.retention.class === 'security'),
      last: '',
    });
  });

  it('accepts a partition that exists with the same bytes (a resumed seal)', async () => {
    // Prepare
    const { events } = await sealedBlockZero();
    s3.on(PutObjectCommand).rejects(s3Error('PreconditionFailed', 412));
    s3.on(GetObjectCommand, { Key: SECURITY_PARTITION }).resolves({
      Body: bodyOf(encodeEvents(events.filter((e) => e.retention.class === 'security'))),
    });
    s3.on(GetObjectCommand, { Key: DEBUG_PARTITION }).resolves({
      Body: bodyOf(encodeEvents(events.filter((e) => e.retention.class === 'debug'))),
    });
    // Act
    const put = newArchive().putEvents(0, events);
    // Assess
    await expect(put).resolves.toBeUndefined();
  });

  it('refuses with ArchiveObjectExistsError naming the partition when it exists with other content', async () => {
    // Prepare
    const { events } = await sealedBlockZero();
    s3.on(PutObjectCommand).rejects(s3Error('PreconditionFailed', 412));
    s3.on(GetObjectCommand).resolves({ Body: bodyOf(encodeEvents([storedEventAt(at(7))])) });
    // Act
    const put = newArchive().putEvents(0, events);
    // Assess
    await expect(put).rejects.toBeInstanceOf(ArchiveObjectExistsError);
    await expect(put).rejects.toMatchObject({ key: SECURITY_PARTITION });
  });
});

describe('S3BlockArchive reads', () => {
  it('getBlock reads blocks/<seq>.json from the bucket and decodes it', async () => {
    // Prepare
    const { archived } = await sealedBlockZero();
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: 'blocks/000000000000.json' }).resolves({
      Body: bodyOf(encodeArchivedBlock(archived)),
    });
    // Act
    const found = await newArchive().getBlock(0);
    // Assess
    expect(found).toEqual(archived);
  });

  it('getEvents reads the partitions its block file names and returns the events in leaf order', async () => {
    // Prepare
    const { archived, events } = await sealedBlockZero();
    s3.on(GetObjectCommand, { Key: 'blocks/000000000000.json' }).resolves({ Body: bodyOf(encodeArchivedBlock(archived)) });
    s3.on(GetObjectCommand, { Key: SECURITY_PARTITION }).resolves({
      Body: bodyOf(encodeEvents(events.filter((e) => e.retention.class === 'security'))),
    });
    s3.on(GetObjectCommand, { Key: DEBUG_PARTITION }).resolves({
      Body: bodyOf(encodeEvents(events.filter((e) => e.retention.class === 'debug'))),
    });
    // Act
    const found = await newArchive().getEvents(0);
    // Assess
    expect(found).toEqual(events);
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(0);
  });

  it('getEvents answers undefined when a partition its block file names is missing', async () => {
    // Prepare
    const { archived, events } = await sealedBlockZero();
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'missing', $metadata: { httpStatusCode: 404 } }));
    s3.on(GetObjectCommand, { Key: 'blocks/000000000000.json' }).resolves({ Body: bodyOf(encodeArchivedBlock(archived)) });
    s3.on(GetObjectCommand, { Key: SECURITY_PARTITION }).resolves({
      Body: bodyOf(encodeEvents(events.filter((e) => e.retention.class === 'security'))),
    });
    // Act
    const found = await newArchive().getEvents(0);
    // Assess
    expect(found).toBeUndefined();
  });

  it('getEvents of a block without its block file finds its partitions under events/ by listing', async () => {
    // Prepare: a seal that crashed after writing its events.
    const { events } = await sealedBlockZero();
    const security = events.filter((e) => e.retention.class === 'security');
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'missing', $metadata: { httpStatusCode: 404 } }));
    s3.on(GetObjectCommand, { Key: SECURITY_PARTITION }).resolves({ Body: bodyOf(encodeEvents(security)) });
    s3.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: SECURITY_PARTITION }, { Key: SECURITY_PARTITION.replace('000000000000', '000000000001') }],
      IsTruncated: false,
    });
    // Act
    const found = await newArchive().getEvents(0);
    // Assess
    expect(found).toEqual(security);
    expect(s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toMatchObject({ Prefix: 'events/' });
  });

  it('answers undefined when the object does not exist (NoSuchKey)', async () => {
    // Prepare
    s3.on(GetObjectCommand).rejects(
      new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }),
    );
    // Act
    const found = await newArchive().getBlock(9);
    // Assess
    expect(found).toBeUndefined();
  });

  it('passes any other read error through, so a denied read is never taken for a missing block', async () => {
    // Prepare
    const denied = s3Error('AccessDenied', 403);
    s3.on(GetObjectCommand).rejects(denied);
    // Act
    const read = newArchive().getEvents(9);
    // Assess
    await expect(read).rejects.toBe(denied);
  });
});

describe('S3BlockArchive.listBlockSeqs', () => {
  it('lists under blocks/ and follows the continuation token to the last page', async () => {
    // Prepare
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: 'blocks/000000000000.json' }],
        IsTruncated: true,
        NextContinuationToken: 'page-2',
      })
      .resolvesOnce({ Contents: [{ Key: 'blocks/000000000001.json' }], IsTruncated: false });
    // Act
    await newArchive().listBlockSeqs();
    // Assess
    expect(s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input)).toEqual([
      { Bucket: BUCKET, Prefix: 'blocks/', ContinuationToken: undefined },
      { Bucket: BUCKET, Prefix: 'blocks/', ContinuationToken: 'page-2' },
    ]);
  });

  it('returns the seqs of block objects ascending, skipping keys that are not blocks', async () => {
    // Prepare
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [
          { Key: 'blocks/000000000010.json' },
          { Key: 'blocks/notes.txt' },
          { Key: 'blocks/000000000002.json' },
        ],
        IsTruncated: true,
        NextContinuationToken: 'page-2',
      })
      .resolvesOnce({ Contents: [{ Key: 'blocks/000000000007.json' }], IsTruncated: false });
    // Act
    const seqs = await newArchive().listBlockSeqs();
    // Assess
    expect(seqs).toEqual([2, 7, 10]);
  });
});
