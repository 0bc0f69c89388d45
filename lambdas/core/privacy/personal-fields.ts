/**
 * Finds the personal values of an event (personal-data.ts says which) and lets a visitor
 * replace them in place. Ingest walks the redacted event it is building (its objects are
 * fresh copies) to seal them; a visitor that returns the value unchanged only looks.
 */
import { REDACTED } from '../redaction';
import { ACTOR_PERSONAL_FIELDS, SCANNED_CONTAINERS, isPersonalShape } from './personal-data';

/** Whose key seals a value: the actor's, or the content subject's (personal-data.ts). */
export type PersonalOwner = 'actor' | 'content';

/** Called for each personal value; returns what to store in its place. */
export type PersonalVisitor = (value: unknown, path: string, owner: PersonalOwner) => unknown;

/** The parts of an event that may hold personal values. */
export type EventParts = Record<string, unknown> & { readonly actor: Record<string, unknown> };

// The schema bounds nesting at 8; the walk stops well past that instead of trusting it.
const MAX_DEPTH = 32;
const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

/** The path of `key` inside `parent`: `a.b`, `a[2]`, or `a["odd.key"]`, never ambiguous. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (!PLAIN_KEY.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** Visits every personal value of `event`, writing back what the visitor returns. */
export function visitPersonalFields(event: EventParts, isPersonalKey: (key: string) => boolean, visit: PersonalVisitor): void {
  for (const field of ACTOR_PERSONAL_FIELDS) {
    const value = event.actor[field];
    if (typeof value === 'string') replace(event.actor, field, visit(value, `actor.${field}`, 'actor'));
  }
  const walker = new ContentWalker(isPersonalKey, visit);
  for (const name of SCANNED_CONTAINERS) walker.walk(event, name, name, 0);
  const changes = event.changes;
  if (!Array.isArray(changes)) return;
  changes.forEach((change: Record<string, unknown>, i) => {
    const personal = typeof change.field === 'string' && isPersonalKey(change.field.split('.').at(-1) ?? '');
    for (const side of ['oldValue', 'newValue']) {
      const path = childPath(`changes[${i}]`, side);
      if (personal) walker.whole(change, side, path);
      else walker.walk(change, side, path, 1);
    }
  });
}

class ContentWalker {
  constructor(
    private readonly isPersonalKey: (key: string) => boolean,
    private readonly visit: PersonalVisitor,
  ) {}

  /** Seals the whole value at `holder[key]`, unless there is nothing personal to seal. */
  whole(holder: Record<string, unknown>, key: string, path: string): void {
    const value = holder[key];
    if (value === undefined || value === null || value === REDACTED) return;
    replace(holder, key, this.visit(value, path, 'content'));
  }

  /** Looks inside the value at `holder[key]` for personal keys and shapes. */
  walk(holder: Record<string, unknown> | unknown[], key: string | number, path: string, depth: number): void {
    const value = (holder as Record<string | number, unknown>)[key];
    if (typeof value === 'string') {
      if (isPersonalShape(value)) replace(holder, key, this.visit(value, path, 'content'));
    } else if (value !== null && typeof value === 'object' && depth < MAX_DEPTH) {
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) this.walk(value, i, childPath(path, i), depth + 1);
        return;
      }
      const object = value as Record<string, unknown>;
      for (const child of Object.keys(object)) {
        if (this.isPersonalKey(child)) this.whole(object, child, childPath(path, child));
        else this.walk(object, child, childPath(path, child), depth + 1);
      }
    }
  }
}

function replace(holder: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  if ((holder as Record<string | number, unknown>)[key] === value) return;
  // Defined, not assigned: a `__proto__` key is an own property here, never the prototype.
  Object.defineProperty(holder, key, { value, enumerable: true, writable: true, configurable: true });
}
