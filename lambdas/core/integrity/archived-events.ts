import type { StoredEvent } from '../event-schema';
import { inArchivedLeafOrder, partitionRetentionEnded } from './archive-codec';
import type { ArchivedBlock, BlockArchive } from './ports';

/**
 * A block's archived events as the verifier reads them. The archive keeps each partition
 * for its retention class only (S3 Lifecycle removes a debug partition after about a month,
 * a security one after seven years), so a partition whose retention ended may be gone
 * without anything being wrong; any other missing partition is.
 */
export interface ArchivedEventsRead {
  /** The archived events present, in leaf order; undefined when a partition still in retention is missing. */
  readonly events: readonly StoredEvent[] | undefined;
  /** True when at least one partition is gone after its retention ended. */
  readonly retentionEndedPartitions: boolean;
}

/** Reads the events of `archived` at `now`, allowing partitions whose retention ended to be gone. */
export async function readArchivedEvents(
  archive: BlockArchive,
  archived: ArchivedBlock,
  now: Date,
): Promise<ArchivedEventsRead> {
  const whole = await archive.getEvents(archived.block.seq);
  if (whole) return { events: whole, retentionEndedPartitions: false };
  const ended = archived.eventObjects.filter((key) => partitionRetentionEnded(key, archived.block, now));
  if (ended.length === 0) return { events: undefined, retentionEndedPartitions: false };
  const parts = await Promise.all(archived.eventObjects.map((key) => archive.getEventObject(key)));
  const lost = parts.some((part, i) => part === undefined && !ended.includes(archived.eventObjects[i] as string));
  if (lost) return { events: undefined, retentionEndedPartitions: false };
  return {
    events: inArchivedLeafOrder(
      parts.flatMap((part) => part ?? []),
      archived.leaves,
    ),
    retentionEndedPartitions: parts.some((part) => part === undefined),
  };
}
