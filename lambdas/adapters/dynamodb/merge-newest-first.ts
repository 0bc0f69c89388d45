import type { StoredEvent } from '../../core/event-schema';
import { timeKey } from './event-item';

/** One partition's rows, newest first, and where they were cut short by the read budget. */
export interface PartitionRows {
  readonly rows: AsyncGenerator<StoredEvent>;
  /** Set when the rows ended early: the last timeKey the store evaluated; older rows were not read. */
  readonly stop: { at?: string };
}

/**
 * k-way merge of newest-first partitions into one newest-first stream. A partition cut
 * short at key p has returned every row >= p and none below, so once any partition is cut
 * the merge may only go down to the newest such p: it yields nothing older, and reports p
 * through `onStop` as where a continuation resumes.
 */
export async function* mergeNewestFirst(
  sources: readonly PartitionRows[],
  onStop: (resumeKey: string) => void,
): AsyncGenerator<StoredEvent> {
  const heads = await Promise.all(sources.map((s) => s.rows.next()));
  try {
    for (;;) {
      let best = -1;
      let floor: string | undefined;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i] as IteratorResult<StoredEvent>;
        const cut = (sources[i] as PartitionRows).stop.at;
        if (head.done && cut !== undefined && (floor === undefined || cut > floor)) floor = cut;
        if (
          !head.done &&
          (best < 0 || sortKey(head.value) > sortKey((heads[best] as IteratorYieldResult<StoredEvent>).value))
        )
          best = i;
      }
      const next = best < 0 ? undefined : (heads[best] as IteratorYieldResult<StoredEvent>).value;
      if (floor !== undefined && (next === undefined || sortKey(next) < floor)) return onStop(floor);
      if (next === undefined) return;
      yield next;
      heads[best] = await (sources[best] as PartitionRows).rows.next();
    }
  } finally {
    await Promise.all(sources.map((s) => s.rows.return(undefined)));
  }
}

function sortKey(event: StoredEvent): string {
  return timeKey(event.occurredAt, event.eventId);
}
