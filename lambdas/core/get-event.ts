import './zod-messages';
import * as z from 'zod/mini';
import { NotFoundError, ValidationError } from './errors';
import type { StoredEvent } from './event-schema';
import type { EventStore } from './ports';

const EventIdSchema = z.uuid();

/**
 * The item stored under an event's key holds another event: the table was tampered with
 * (items swapped or copied). Not an AuditError on purpose: the client gets a bare 500,
 * never the wrong event, and the function's log records the error by name.
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

/** Reads one stored event, exactly as stored and hashed, plus its contentHash. */
export class GetEvent {
  constructor(private readonly store: EventStore) {}

  /** The event, or a NotFoundError; a malformed id is a ValidationError; another event under its key an ItemIdentityError. */
  async execute(eventId: string | undefined): Promise<StoredEvent> {
    if (!EventIdSchema.safeParse(eventId).success) {
      throw new ValidationError('eventId must be a UUID', [{ path: 'eventId', message: 'must be a UUID' }]);
    }
    // Stored lower case (the writer normalises), so an id in any case finds its event.
    const id = (eventId as string).toLowerCase();
    const event = await this.store.get(id);
    if (!event) throw new NotFoundError('no event with this eventId');
    // Read what was asked for, or nothing: a swapped item must not answer as this event.
    if (event.eventId !== id) throw new ItemIdentityError(id, String(event.eventId));
    return event;
  }
}
