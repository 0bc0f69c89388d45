import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import type { S3BlockArchive } from '../../../lambdas/adapters/s3/s3-archive';
import { awsIntegrityAdapters } from '../../../lambdas/composition/aws-integrity-adapters';
import { KMSClient } from '@aws-sdk/client-kms';
import { debugEventAt, storedEventAt } from '../../fixtures/integrity/events';
import { IntegrityHarness, at } from '../../fixtures/integrity/harness';

/**
 * The Object Lock dates the S3 archive puts with a configured archive retention longer than
 * the records retention (ARCHIVE_RETENTION_YEARS, config `archiveRetentionYears`).
 */

const BUCKET = 'dmis-audit-archive-test';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/0b7e1c9a-3f5d-4a7e-9c1b-2d8f6e4a5b3c';
const s3 = mockClient(S3Client);
const DAY_MS = 86_400_000;
const TEN_YEARS_DAYS = 3653;
const SECURITY_PARTITION = 'events/retention=security/day=2030-01-01/000000000000.ndjson.gz';
const DEBUG_PARTITION = 'events/retention=debug/day=2030-01-01/000000000000.ndjson.gz';

/** The archive as the sealer's entry builds it from its environment. */
function sealerArchive(years?: number): S3BlockArchive {
  const env = {
    ARCHIVE_BUCKET: BUCKET,
    ARCHIVE_KEY_ARN: KEY_ARN,
    SIGNING_KEY_ARN: KEY_ARN,
    ...(years === undefined ? {} : { ARCHIVE_RETENTION_YEARS: years }),
  };
  const clients = { s3: new S3Client({ region: 'eu-west-1' }), kms: new KMSClient({ region: 'eu-west-1' }) };
  return awsIntegrityAdapters(env, clients).archive as S3BlockArchive;
}

async function sealedBlockZero() {
  const h = new IntegrityHarness();
  const [security, debug] = [storedEventAt(at(5)), debugEventAt(at(11))];
  h.ingest(security, debug);
  await h.seal(70);
  return { archived: (await h.archive.getBlock(0))!, events: (await h.archive.getEvents(0))!, security, debug };
}

const lockOf = (key: string) =>
  s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key === key)?.args[0].input.ObjectLockRetainUntilDate;

beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
});

describe('S3 archive locks with ARCHIVE_RETENTION_YEARS=10', () => {
  it('locks security partitions ten years from ingest plus a day, and debug ones for their own retention', async () => {
    // Prepare
    const { events, security, debug } = await sealedBlockZero();
    // Act
    await sealerArchive(10).putEvents(0, events);
    // Assess
    expect([lockOf(SECURITY_PARTITION), lockOf(DEBUG_PARTITION)]).toEqual([
      new Date(Date.parse(security.ingestedAt) + (TEN_YEARS_DAYS + 1) * DAY_MS),
      new Date(Date.parse(debug.retention.expiresAt) + DAY_MS),
    ]);
  });

  it('locks the block file ten years after its interval plus a day', async () => {
    // Prepare
    const { archived } = await sealedBlockZero();
    // Act
    await sealerArchive(10).putBlock(archived);
    // Assess
    expect(lockOf('blocks/000000000000.json')).toEqual(
      new Date(Date.parse(archived.block.to) + (TEN_YEARS_DAYS + 1) * DAY_MS),
    );
  });

  it('left out, locks security partitions for their seven-year retention plus a day', async () => {
    // Prepare
    const { events, security } = await sealedBlockZero();
    // Act
    await sealerArchive().putEvents(0, events);
    // Assess
    expect(lockOf(SECURITY_PARTITION)).toEqual(new Date(Date.parse(security.retention.expiresAt) + DAY_MS));
  });
});
