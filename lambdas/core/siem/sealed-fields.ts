/**
 * Sealed personal values (privacy/sealed-value.ts) in SIEM records: a format's typed
 * fields (an address, a user agent, a session id) never hold one, since a sealed string is
 * neither the value nor valid where the value goes. The JSON format and OCSF's `unmapped`
 * keep them as stored.
 */
import type { StoredEvent } from '../event-schema';
import { isSealedValue } from '../privacy/sealed-value';

/** The actor fields ingest may seal. */
const SEALED_ACTOR_FIELDS = ['ip', 'userAgent', 'sessionId'] as const;

/** The value when it is not sealed; undefined when it is (or is absent). */
export function clear(value: string | undefined): string | undefined {
  return isSealedValue(value) ? undefined : value;
}

/** The actor's sealed fields as stored, as `{ sealedActor }`, or nothing when none is sealed. */
export function sealedActorOf(actor: StoredEvent['actor']): { sealedActor?: Record<string, string> } {
  const sealed: Record<string, string> = {};
  for (const field of SEALED_ACTOR_FIELDS) {
    const value = actor[field];
    if (isSealedValue(value)) sealed[field] = value;
  }
  return Object.keys(sealed).length > 0 ? { sealedActor: sealed } : {};
}
