import '../zod-messages';
import * as z from 'zod/mini';
import { ValidationError } from '../errors';
import type { StoredEvent } from '../event-schema';
import { hotBoundary } from '../hot-window';
import type { EventIndexReader, IndexSegment } from '../query/ports';
import type { SearchFilters } from '../query/search-query';
import type { ArchiveTier } from '../query/tiered-plan';
import { USER_TARGET_TYPES } from './personal-data';

/**
 * The events of one data subject: by them (actor.userId = subject) or about them (the
 * target is a user type with id = subject), read from the actor and target indexes, never
 * a scan, and from the archive for the period before the table's hot window. Newest
 * first, each event once (an event by a user about themselves is on both; an event still in
 * the table past the boundary is in both tiers).
 */

/** `{subjectId}` of the subject routes: a DMIS user id, as `actor.userId` holds it. */
export const SubjectIdParamsSchema = z.strictObject({
  subjectId: z.string().check(z.minLength(1), z.maxLength(256), z.describe('the data subject\'s DMIS user id (actor.userId)')),
});

/** At most this many events are gathered for one subject in one request. */
export const MAX_SUBJECT_EVENTS = 20_000;

const PAGE_SIZE = 1000;

/** The subject id of a request, validated; a ValidationError naming `subjectId` otherwise. */
export function parseSubjectId(raw: string | undefined): string {
  const parsed = SubjectIdParamsSchema.safeParse({ subjectId: raw });
  if (!parsed.success) throw new ValidationError('subjectId must be 1 to 256 characters', [{ path: 'subjectId', message: 'must be 1 to 256 characters' }]);
  return parsed.data.subjectId;
}

/** The index segments that hold a subject's events. */
export function subjectSegments(subjectId: string): IndexSegment[] {
  return [
    { kind: 'actor', actor: subjectId },
    ...USER_TARGET_TYPES.map((targetType): IndexSegment => ({ kind: 'target', targetType, targetId: subjectId })),
  ];
}

/** Where events older than the hot window are read, and the instant that window ends at. */
export interface SubjectArchive {
  readonly tier: ArchiveTier;
  readonly now: Date;
}

/** Every event by or about `subjectId`, newest first; a ValidationError past MAX_SUBJECT_EVENTS. */
export async function subjectEvents(reader: EventIndexReader, subjectId: string, archive?: SubjectArchive): Promise<StoredEvent[]> {
  const byId = new Map<string, StoredEvent>();
  const keep = (event: StoredEvent): void => {
    if (!isAboutSubject(event, subjectId)) return;
    byId.set(event.eventId, event);
    if (byId.size > MAX_SUBJECT_EVENTS) {
      throw new ValidationError(`this subject has more than ${MAX_SUBJECT_EVENTS} events; ask the operators for an archive export`, [
        { path: 'subjectId', message: `more than ${MAX_SUBJECT_EVENTS} events` },
      ]);
    }
  };
  for (const segment of subjectSegments(subjectId)) {
    for await (const event of reader.read({ segment, filters: {}, pageSize: PAGE_SIZE })) keep(event);
  }
  if (archive) {
    const to = hotBoundary(archive.now, archive.tier.hotWindowSeconds).toISOString();
    for (const filters of subjectFilters(subjectId)) {
      for await (const event of archive.tier.reader.read({ range: { to }, filters, pageSize: PAGE_SIZE })) keep(event);
    }
  }
  return [...byId.values()].sort(newestFirst);
}

/** The same questions as subjectSegments, as archive filters. */
function subjectFilters(subjectId: string): SearchFilters[] {
  return [{ actor: subjectId }, ...USER_TARGET_TYPES.map((targetType) => ({ targetType, targetId: subjectId }))];
}

/** True when the event is by the subject or about them (the index rows are re-checked). */
export function isAboutSubject(event: StoredEvent, subjectId: string): boolean {
  if (event.actor.userId === subjectId) return true;
  return event.target !== undefined && event.target.id === subjectId && USER_TARGET_TYPES.includes(event.target.type);
}

function newestFirst(a: StoredEvent, b: StoredEvent): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? 1 : -1;
  return a.eventId < b.eventId ? 1 : a.eventId > b.eventId ? -1 : 0;
}
