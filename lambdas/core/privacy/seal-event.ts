/**
 * Seals an event's personal values (personal-data.ts) under its subjects' keys, and
 * names the subjects an event needs keys for. Ingest fetches the keys first (async), then
 * seals each event synchronously after redaction and before contentHash (build-event.ts),
 * so contentHash, Merkle leaves and checkpoints cover the sealed form.
 */
import { blindIndexOf, sealValue } from './field-cipher';
import { actorSubjectOf, contentSubjectOf, SEARCHABLE_ACTOR_FIELD, type SubjectSource } from './personal-data';
import { visitPersonalFields, type EventParts, type PersonalOwner } from './personal-fields';
import type { SubjectKey } from './ports';

const SEARCHED_PATH = `actor.${SEARCHABLE_ACTOR_FIELD}`;

/** The keys one event is sealed with. */
export interface EventKeys {
  readonly actor?: SubjectKey;
  readonly content?: SubjectKey;
  /** The blind-index secret (BlindIndexKeySource). */
  readonly blindKey: Uint8Array;
}

/** The subjects whose keys an event needs: the actor's and the content subject's, when it holds their data. */
export function subjectsOf(event: EventParts & SubjectSource, isPersonalKey: (key: string) => boolean): Set<string> {
  const owners = new Set<PersonalOwner>();
  visitPersonalFields(event, isPersonalKey, (value, _path, owner) => {
    owners.add(owner);
    return value;
  });
  const subjects = new Set<string>();
  if (owners.has('actor')) subjects.add(actorSubjectOf(event));
  if (owners.has('content')) subjects.add(contentSubjectOf(event));
  return subjects;
}

/** The event's personal values replaced, in place, by their sealed strings. */
export function sealEvent(event: EventParts & { readonly eventId: string }, keys: EventKeys, isPersonalKey: (key: string) => boolean): void {
  visitPersonalFields(event, isPersonalKey, (value, path, owner) => {
    const key = keys[owner];
    if (!key) throw new Error(`no ${owner} key was fetched for event ${event.eventId}`);
    const blind = path === SEARCHED_PATH ? blindIndexOf('ip', value as string, keys.blindKey) : undefined;
    return sealValue(value, { eventId: event.eventId, path }, key, blind);
  });
}
