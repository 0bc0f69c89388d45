import { blockObjectKey } from './archive-codec';
import { blockFinding, type Finding } from './findings';

/**
 * Delete markers in the archive. On a versioned S3 bucket a plain DELETE hides an object
 * behind a delete marker while Object Lock keeps the version: the reader then sees the block
 * as missing. The bucket policy denies deletes; this names any marker that got there anyway
 * (a policy changed first), so a hidden archive object is reported as deleted, by key.
 */

/** One delete marker: the key it hides, and when it was placed. */
export interface DeleteMarker {
  readonly key: string;
  readonly versionId?: string;
  readonly deletedAt?: string;
  /** True when the marker is the key's current version (the object reads as missing). */
  readonly isLatest: boolean;
}

/** Lists the delete markers of exact archive keys; S3 implements it with ListObjectVersions. */
export interface ArchiveDeletions {
  deleteMarkersOf(keys: readonly string[]): Promise<DeleteMarker[]>;
}

/**
 * `archive_delete_marker` findings for the archive objects of block `seq`: its block file
 * when that is missing (its event partitions are named only inside it), else the event
 * partitions it names (`eventObjects`) when one of them is missing.
 */
export async function checkArchiveDeletions(
  deletions: ArchiveDeletions,
  seq: number,
  eventObjects?: readonly string[],
): Promise<Finding[]> {
  const markers = await deletions.deleteMarkersOf(eventObjects ?? [blockObjectKey(seq)]);
  return markers.map((m) =>
    blockFinding(
      'archive_delete_marker',
      seq,
      `archive object ${m.key} of block ${seq} was deleted${m.deletedAt ? ` at ${m.deletedAt}` : ''} (delete marker${m.versionId ? ` ${m.versionId}` : ''}); its locked version is still retained`,
    ),
  );
}
