import { ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { S3DeleteMarkers } from '../../../lambdas/adapters/s3/s3-delete-markers';
import { createSignatureVerifier } from '../../../lambdas/core/integrity/signature';
import { checkArchiveDeletions } from '../../../lambdas/core/integrity/verify-archive-deletions';
import { verifyIntegrity } from '../../../lambdas/core/integrity/verifier';
import { at, errorsOf } from '../../fixtures/integrity/harness';
import { TAMPER_NOW, sealedSampleChain } from '../../fixtures/integrity/tamper-setup';

const BUCKET = 'dmis-audit-archive-test';
const BLOCK_1 = 'blocks/000000000001.json';
const EVENTS_1 = 'events/retention=security/day=2030-01-01/000000000001.ndjson.gz';
const DELETED_AT = new Date('2030-01-01T00:10:00.000Z');
const s3 = mockClient(S3Client);

const markers = () => new S3DeleteMarkers(new S3Client({ region: 'eu-west-1' }), BUCKET);

beforeEach(() => {
  s3.reset();
  s3.on(ListObjectVersionsCommand).resolves({ DeleteMarkers: [], IsTruncated: false });
});

describe('S3DeleteMarkers', () => {
  it('lists the versions of exactly the keys asked about and keeps their delete markers', async () => {
    // Prepare
    s3.on(ListObjectVersionsCommand, { Bucket: BUCKET, Prefix: BLOCK_1 }).resolves({
      DeleteMarkers: [
        { Key: BLOCK_1, VersionId: 'v-marker', IsLatest: true, LastModified: DELETED_AT },
        { Key: `${BLOCK_1}.bak`, VersionId: 'v-other', IsLatest: true, LastModified: DELETED_AT },
      ],
      IsTruncated: false,
    });
    // Act
    const found = await markers().deleteMarkersOf([BLOCK_1, EVENTS_1]);
    // Assess
    expect(s3.commandCalls(ListObjectVersionsCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Prefix: BLOCK_1 },
      { Bucket: BUCKET, Prefix: EVENTS_1 },
    ]);
    expect(found).toEqual([
      { key: BLOCK_1, versionId: 'v-marker', isLatest: true, deletedAt: DELETED_AT.toISOString() },
    ]);
  });

  it('follows the key and version markers of a truncated listing', async () => {
    // Prepare
    s3.on(ListObjectVersionsCommand, { Bucket: BUCKET, Prefix: BLOCK_1 })
      .resolvesOnce({ IsTruncated: true, NextKeyMarker: BLOCK_1, NextVersionIdMarker: 'v-2' })
      .resolvesOnce({ DeleteMarkers: [{ Key: BLOCK_1, VersionId: 'v-1', IsLatest: false }], IsTruncated: false });
    // Act
    const found = await markers().deleteMarkersOf([BLOCK_1]);
    // Assess
    expect(s3.commandCalls(ListObjectVersionsCommand)[1]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Prefix: BLOCK_1,
      KeyMarker: BLOCK_1,
      VersionIdMarker: 'v-2',
    });
    expect(found).toEqual([{ key: BLOCK_1, versionId: 'v-1', isLatest: false }]);
  });

  it('gives an archive_delete_marker finding naming the block and the event partition', async () => {
    // Prepare
    s3.on(ListObjectVersionsCommand, { Bucket: BUCKET, Prefix: EVENTS_1 }).resolves({
      DeleteMarkers: [{ Key: EVENTS_1, VersionId: 'v-marker', IsLatest: true, LastModified: DELETED_AT }],
    });
    // Act
    const findings = await checkArchiveDeletions(markers(), 1, [EVENTS_1]);
    // Assess
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', code: 'archive_delete_marker', seq: 1 })]);
    expect(findings[0]?.message).toContain(EVENTS_1);
  });
});

describe('the verifier and a deleted archive object', () => {
  it('names the delete marker hiding a block the archive reads as missing', async () => {
    // Prepare: a DELETE on a versioned bucket hides block 1 behind a marker.
    const { h } = await sealedSampleChain();
    h.archive.blocks.delete(1);
    s3.on(ListObjectVersionsCommand, { Bucket: BUCKET, Prefix: BLOCK_1 }).resolves({
      DeleteMarkers: [{ Key: BLOCK_1, VersionId: 'v-marker', IsLatest: true, LastModified: DELETED_AT }],
    });
    const signatures = createSignatureVerifier({ [h.signer.keyId]: await h.signer.publicKeyPem() });
    const deps = { store: h.store, archive: h.archive, source: h.table, signatures, archiveDeletions: markers() };
    // Act
    const report = await verifyIntegrity(deps, { now: new Date(at(TAMPER_NOW)) });
    // Assess
    expect(errorsOf(report)).toEqual(
      expect.arrayContaining([
        { code: 'block_missing_in_archive', seq: 1 },
        { code: 'archive_delete_marker', seq: 1 },
      ]),
    );
    expect(s3.commandCalls(ListObjectVersionsCommand).map((c) => c.args[0].input.Prefix)).toEqual([BLOCK_1]);
  });
});
