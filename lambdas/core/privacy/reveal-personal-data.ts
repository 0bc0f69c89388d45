/**
 * Reads the sealed values of a stored event back (for reads, subject export and erasure):
 * every `pii:v1:` string anywhere in the event, by path, opened with its key's state.
 * A destroyed key reads `[erased]`; an unknown key, or a string that does not open (moved,
 * altered, or not made by this system), reads `[unreadable]`.
 */
import { openValue } from './field-cipher';
import { childPath } from './personal-fields';
import type { KeyState } from './ports';
import { ERASED, parseSealedValue, UNREADABLE, type SealedValue } from './sealed-value';

// Stored events are schema-bounded; the walk stops well past that instead of trusting it.
const MAX_DEPTH = 32;

/** Every sealed value of `event` by path, opened: plaintext, `[erased]` or `[unreadable]`. */
export function revealPersonalData(event: { readonly eventId: string }, keys: ReadonlyMap<string, KeyState>): Record<string, unknown> {
  const revealed: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  forEachSealed(event, '', 0, (sealed, path) => {
    revealed[path] = open(sealed, event.eventId, path, keys.get(sealed.keyId));
  });
  return revealed;
}

/** The key ids the event's sealed values were made with, each once. */
export function sealedKeyIdsOf(event: object): string[] {
  const ids = new Set<string>();
  forEachSealed(event, '', 0, (sealed) => ids.add(sealed.keyId));
  return [...ids];
}

function open(sealed: SealedValue, eventId: string, path: string, state: KeyState | undefined): unknown {
  if (state?.kind === 'erased') return ERASED;
  if (state?.kind !== 'usable') return UNREADABLE;
  try {
    return openValue(sealed, { eventId, path }, state.key.key);
  } catch {
    return UNREADABLE;
  }
}

function forEachSealed(value: unknown, path: string, depth: number, found: (sealed: SealedValue, path: string) => void): void {
  if (typeof value === 'string') {
    const sealed = parseSealedValue(value);
    if (sealed) found(sealed, path);
  } else if (value !== null && typeof value === 'object' && depth < MAX_DEPTH) {
    if (Array.isArray(value)) value.forEach((item, i) => forEachSealed(item, childPath(path, i), depth + 1, found));
    else for (const [key, child] of Object.entries(value)) forEachSealed(child, childPath(path, key), depth + 1, found);
  }
}
