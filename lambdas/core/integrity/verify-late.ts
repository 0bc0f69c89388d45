import type { StoredEvent } from '../event-schema';
import type { Block } from './block';
import { eventFinding, type Finding } from './findings';

/**
 * Late-sealed events: stored into an interval that was already sealed, so sealed into a
 * later block. The grace period exceeds the worst-case write, so none should exist: each
 * is either a write that outlasted the grace or an insertion into the past by someone
 * with table write access. They stay sealed (never dropped), and each is named with its
 * seal delay: from its `ingestedAt` to the end of the block that sealed it.
 */

/** One finding per event in `block.late`; `events` are the block's events (late ones included). */
export function lateSealedFindings(block: Block, events: readonly StoredEvent[]): Finding[] {
  if (block.late.length === 0) return [];
  const byId = new Map(events.map((e) => [e.eventId, e]));
  return block.late.map((id) => {
    const ingestedAt = byId.get(id)?.ingestedAt;
    const delay = ingestedAt === undefined ? Number.NaN : (Date.parse(block.to) - Date.parse(ingestedAt)) / 1000;
    const when = Number.isNaN(delay)
      ? 'its ingest time is unknown (the event is gone from the table)'
      : `ingested at ${ingestedAt}, sealed ${delay} s later`;
    const finding = eventFinding(
      'late_sealed_event',
      block.seq,
      id,
      `event ${id} was sealed late into block ${block.seq}: ${when}`,
    );
    return Number.isNaN(delay) ? finding : { ...finding, sealDelaySeconds: delay };
  });
}
