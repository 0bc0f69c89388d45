import type { StoredEvent } from '../event-schema';
import type { GetEvent } from '../get-event';
import type { Caller } from '../ports';
import type { ReadAuditor } from './read-audit';

/** `GET /v1/events/{eventId}` for auditors: the stored event, with the read itself recorded. */
export class ReadEvent {
  constructor(
    private readonly getEvent: GetEvent,
    private readonly auditor: ReadAuditor,
  ) {}

  /** The event (NotFoundError / ValidationError as GetEvent); every successful read is audited. */
  async execute(eventId: string | undefined, caller: Caller): Promise<StoredEvent> {
    // Read first so only a well-formed, existing eventId is recorded; a failed record fails the read.
    const event = await this.getEvent.execute(eventId);
    await this.auditor.record('audit.read', caller, { route: 'GET /v1/events/{eventId}', query: { eventId: event.eventId }, resultCount: 1 });
    return event;
  }
}
