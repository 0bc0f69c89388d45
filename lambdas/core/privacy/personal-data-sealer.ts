/**
 * Ingest's personal-data step: for a request's events, fetch every subject key they need
 * (through the cache) and the blind-index secret, then hand back a synchronous sealer that
 * build-event.ts applies to each event after redaction and before contentHash.
 */
import type { AuditEventInput } from '../event-schema';
import { actorSubjectOf, contentSubjectOf, personalKeyTest } from './personal-data';
import type { EventParts } from './personal-fields';
import type { BlindIndexKeySource, SubjectKey, SubjectKeyStore } from './ports';
import { sealEvent, subjectsOf } from './seal-event';
import { SubjectKeyCache, type SubjectKeyCacheOptions } from './subject-key-cache';

/** Seals one event being built, in place (build-event.ts). */
export type EventSealer = (event: EventParts & { readonly eventId: string }) => void;

/** One event of a request and how long it will be kept. */
export interface EventToSeal {
  readonly input: AuditEventInput;
  /** The event's retention end (ISO 8601): its subjects' keys must outlive it. */
  readonly retainUntil: string;
}

/** What the sealer needs. */
export interface PersonalDataSealerOptions {
  readonly keyStore: Pick<SubjectKeyStore, 'keyFor'>;
  readonly blindIndexKey: BlindIndexKeySource;
  /** Extra personal key names (config `personalDataKeys`). */
  readonly personalDataKeys?: readonly string[];
  readonly cache?: SubjectKeyCacheOptions;
}

/** Seals personal fields at ingest under per-subject keys. */
export class PersonalDataSealer {
  private readonly keys: SubjectKeyCache;
  private readonly isPersonalKey: (key: string) => boolean;

  constructor(private readonly options: PersonalDataSealerOptions) {
    this.keys = new SubjectKeyCache(options.keyStore, options.cache);
    this.isPersonalKey = personalKeyTest(options.personalDataKeys);
  }

  /** Fetches the keys `events` need; the sealer returned does no I/O. */
  async prepare(events: readonly EventToSeal[]): Promise<EventSealer> {
    const retainUntil = new Map<string, string>();
    for (const { input, retainUntil: until } of events) {
      for (const subject of subjectsOf(input as unknown as EventParts & AuditEventInput, this.isPersonalKey)) {
        const known = retainUntil.get(subject);
        if (known === undefined || until > known) retainUntil.set(subject, until);
      }
    }
    const [blindKey, fetched] = await Promise.all([
      this.options.blindIndexKey(),
      Promise.all([...retainUntil].map(async ([subject, until]) => [subject, await this.keys.keyFor(subject, until)] as const)),
    ]);
    const bySubject = new Map<string, SubjectKey>(fetched);
    return (event) => {
      const parts = event as typeof event & AuditEventInput;
      const keys = { blindKey, actor: bySubject.get(actorSubjectOf(parts)), content: bySubject.get(contentSubjectOf(parts)) };
      sealEvent(event, keys, this.isPersonalKey);
    };
  }
}
