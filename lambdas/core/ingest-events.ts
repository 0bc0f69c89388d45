import { randomUUID } from 'node:crypto';
import { buildStoredEvent, retainUntilOf, retryFingerprint } from './build-event';
import { ConflictError, type ErrorDetail } from './errors';
import type { StoredEvent } from './event-schema';
import { joinPath, parseIngestRequest } from './parse-request';
import type { Caller, EventStore } from './ports';
import type { PersonalDataSealer } from './privacy/personal-data-sealer';

/** One accepted event, as the writer reports it. */
export interface AcceptedEvent {
  readonly eventId: string;
  readonly contentHash: string;
  readonly ingestedAt: string;
  /** True when this eventId was already stored with the same content (a retry). */
  readonly duplicate: boolean;
}

/** What the ingest use case needs. */
export interface IngestDependencies {
  readonly store: EventStore;
  readonly now?: () => Date;
  readonly newEventId?: () => string;
  /** Seals personal fields under their subjects' keys; left out, nothing is sealed. */
  readonly personalData?: PersonalDataSealer;
}

// Each round either writes everything pending or learns of at least one more duplicate,
// so this bounds only the pathological race of concurrent first writes of the same ids.
const MAX_WRITE_ROUNDS = 3;

/**
 * The writer's use case, shared by API Gateway and direct `lambda:Invoke`: validate the
 * whole request, redact, seal personal fields, stamp, hash, then write all events
 * atomically and idempotently.
 */
export class IngestEvents {
  private readonly now: () => Date;
  private readonly newEventId: () => string;

  constructor(private readonly deps: IngestDependencies) {
    this.now = deps.now ?? (() => new Date());
    this.newEventId = deps.newEventId ?? randomUUID;
  }

  /** Records the events in `body` for `caller`; throws a named AuditError on bad input. */
  async execute(body: unknown, caller: Caller): Promise<AcceptedEvent[]> {
    const ingestedAt = this.now();
    const request = parseIngestRequest(body, ingestedAt);
    const seal = await this.deps.personalData?.prepare(
      request.events.map((input) => ({ input, retainUntil: retainUntilOf(input, ingestedAt) })),
    );
    const events = request.events.map((input) =>
      buildStoredEvent(input, { eventId: input.eventId ?? this.newEventId(), source: caller.principal, ingestedAt }, seal),
    );
    const accepted = await this.write(events, request.pathOf);
    return events.map((e) => accepted.get(e.eventId) as AcceptedEvent);
  }

  private async write(events: readonly StoredEvent[], pathOf: (i: number) => string): Promise<Map<string, AcceptedEvent>> {
    const accepted = new Map<string, AcceptedEvent>();
    let pending = events;
    for (let round = 0; round < MAX_WRITE_ROUNDS && pending.length > 0; round++) {
      const outcome = await this.deps.store.insertAll(pending);
      if (outcome.inserted) {
        for (const e of pending) accepted.set(e.eventId, acceptance(e, false));
        return accepted;
      }
      rejectConflicts(events, outcome.existing, pathOf);
      for (const e of outcome.existing) accepted.set(e.eventId, acceptance(e, true));
      pending = pending.filter((e) => !accepted.has(e.eventId));
    }
    if (pending.length > 0) throw new Error('events could not be written after repeated concurrent retries');
    return accepted;
  }
}

function acceptance(e: StoredEvent, duplicate: boolean): AcceptedEvent {
  return { eventId: e.eventId, contentHash: e.contentHash, ingestedAt: e.ingestedAt, duplicate };
}

function rejectConflicts(
  events: readonly StoredEvent[],
  existing: readonly StoredEvent[],
  pathOf: (i: number) => string,
): void {
  const incoming = new Map(events.map((e, i) => [e.eventId, { event: e, index: i }]));
  const details: ErrorDetail[] = [];
  for (const stored of existing) {
    const mine = incoming.get(stored.eventId);
    if (mine && retryFingerprint(mine.event) !== retryFingerprint(stored)) {
      details.push({
        path: joinPath(pathOf(mine.index), 'eventId'),
        message: 'this eventId is already stored with different content',
      });
    }
  }
  if (details.length > 0) throw new ConflictError('an eventId was reused with different content; nothing was stored', details);
}
