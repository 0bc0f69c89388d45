import './zod-messages';
import * as z from 'zod/mini';
import { NotFoundError, ValidationError } from './errors';
import type { StoredEvent } from './event-schema';
import type { EventStore } from './ports';

const EventIdSchema = z.uuid();

/** Reads one stored event, exactly as stored and hashed, plus its contentHash. */
export class GetEvent {
  constructor(private readonly store: EventStore) {}

  /** The event, or a NotFoundError; a malformed id is a ValidationError. */
  async execute(eventId: string | undefined): Promise<StoredEvent> {
    if (!EventIdSchema.safeParse(eventId).success) {
      throw new ValidationError('eventId must be a UUID', [{ path: 'eventId', message: 'must be a UUID' }]);
    }
    const event = await this.store.get(eventId as string);
    if (!event) throw new NotFoundError('no event with this eventId');
    return event;
  }
}
