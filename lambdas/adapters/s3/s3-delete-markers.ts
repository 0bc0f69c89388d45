import { ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ArchiveDeletions, DeleteMarker } from '../../core/integrity/verify-archive-deletions';

/**
 * Delete markers of exact keys in a versioned bucket, via ListObjectVersions with the key as
 * prefix (a prefix also matches longer keys, so markers are filtered to the exact key).
 * Asked only for blocks whose archive copy reads as missing, so a healthy archive costs nothing.
 */
export class S3DeleteMarkers implements ArchiveDeletions {
  constructor(
    private readonly client: Pick<S3Client, 'send'>,
    private readonly bucket: string,
  ) {}

  async deleteMarkersOf(keys: readonly string[]): Promise<DeleteMarker[]> {
    const perKey = await Promise.all(keys.map((key) => this.markersOf(key)));
    return perKey.flat();
  }

  private async markersOf(key: string): Promise<DeleteMarker[]> {
    const markers: DeleteMarker[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectVersionsCommand({
          Bucket: this.bucket,
          Prefix: key,
          ...(keyMarker ? { KeyMarker: keyMarker } : {}),
          ...(versionIdMarker ? { VersionIdMarker: versionIdMarker } : {}),
        }),
      );
      for (const m of page.DeleteMarkers ?? []) {
        if (m.Key !== key) continue;
        markers.push({
          key,
          isLatest: m.IsLatest === true,
          ...(m.VersionId ? { versionId: m.VersionId } : {}),
          ...(m.LastModified ? { deletedAt: m.LastModified.toISOString() } : {}),
        });
      }
      [keyMarker, versionIdMarker] = page.IsTruncated
        ? [page.NextKeyMarker, page.NextVersionIdMarker]
        : [undefined, undefined];
    } while (keyMarker);
    return markers;
  }
}
