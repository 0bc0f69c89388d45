import './zod-messages';
import * as z from 'zod/mini';
import { NotFoundError, ValidationError } from './errors';
import type { StoredEvent } from './event-schema';
import type { EventStore } from './ports';
import type { ArchiveEventReader } from './query/ports';

const EventIdSchema = z.uuid();

/**
 * The item stored under an event's key holds another event: the table was tampered with
 * (items swapped or copied), or the archive answered a lookup with another event. Not an
 * AuditError on purpose: the client gets a bare 500, never the wrong event, and the
 * function's log records the error by name.
 */
export class ItemIdentityError extends Error {
  constructor(
    readonly requestedEventId: string,
    readonly storedEventId: string,
  ) {
    super(`the item under event ${requestedEventId} holds event ${storedEventId}`);
    this.name = 'ItemIdentityError';
  }
}

/** Where an event that has left the table's hot window is still read: the sealed archive. */
export type ArchivedEventLookup = Pick<ArchiveEventReader, 'get'>;

/**
 * Reads one stored event, exactly as stored and hashed, plus its contentHash: from the
 * table, or, when an archive is given and the table no longer holds the item, from the
 * archive (the system of record once the hot window has ended). The writer's instance has
 * no archive: only the auditors' and the privacy officer's reads reach it.
 */
export class GetEvent {
  constructor(
    private readonly store: Pick<EventStore, 'get'>,
    private readonly archive?: ArchivedEventLookup,
  ) {}

  /** The same reads over the same table, falling back to `archive` for an event the table no longer holds. */
  withArchive(archive: ArchivedEventLookup): GetEvent {
    return new GetEvent(this.store, archive);
  }

  /**
   * The event, or a NotFoundError; a malformed id is a ValidationError (neither store is
   * asked); another event under its key (or in the archive's answer) an ItemIdentityError.
   * An archive engine still running (ArchiveQueryPendingError) propagates.
   */
  async execute(eventId: string | undefined): Promise<StoredEvent> {
    if (!EventIdSchema.safeParse(eventId).success) {
      throw new ValidationError('eventId must be a UUID', [{ path: 'eventId', message: 'must be a UUID' }]);
    }
    // Stored lower case (the writer normalises), so an id in any case finds its event.
    const id = (eventId as string).toLowerCase();
    // The archive only when the table has no item: an item the table holds answers, right or wrong.
    const event = (await this.store.get(id)) ?? (await this.archive?.get(id));
    if (!event) throw new NotFoundError('no event with this eventId');
    // Read what was asked for, or nothing: a swapped item must not answer as this event.
    if (event.eventId !== id) throw new ItemIdentityError(id, String(event.eventId));
    return event;
  }
}
