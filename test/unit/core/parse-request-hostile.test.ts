import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../../lambdas/core/errors';
import { parseIngestRequest } from '../../../lambdas/core/parse-request';
import { anEvent } from '../../fixtures/events';

const now = new Date('2026-11-20T10:16:00.000Z');

/** A valid event as raw JSON text with `extra` spliced in as its last fields. */
const rawEvent = (extra: string) => JSON.parse(`${JSON.stringify(anEvent()).slice(0, -1)},${extra}}`) as unknown;

function pathsOf(body: unknown): string[] {
  try {
    parseIngestRequest(body, now);
  } catch (error) {
    if (error instanceof ValidationError) return error.details.map((d) => d.path);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseIngestRequest against hostile input', () => {
  it.each(['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'])(
    'rejects eventType %s as an unknown type, not an Object.prototype member',
    (eventType) => {
      expect(pathsOf(anEvent({ eventType }))).toEqual(['eventType']);
    },
  );

  it('rejects a custom category on an Object.prototype-named type as an unknown type', () => {
    expect(pathsOf(anEvent({ eventType: 'toString', category: 'system' }))).toEqual(['eventType']);
  });

  it('rejects a nested __proto__ key instead of storing a changed object', () => {
    expect(pathsOf(rawEvent('"metadata":{"a":{"__proto__":{"x":1},"b":1}}'))).toEqual(['metadata.a.__proto__']);
  });

  it('rejects a top-level metadata.__proto__ that schema validation would drop', () => {
    expect(pathsOf(rawEvent('"metadata":{"__proto__":{"x":1}}'))).toEqual(['metadata.__proto__']);
  });

  it('rejects a key named constructor in states and changes', () => {
    const body = rawEvent('"newState":{"constructor":1},"previousState":{"a":[{"prototype":2}]}');
    expect(pathsOf(body)).toEqual(['newState.constructor', 'previousState.a[0].prototype']);
  });

  it('rejects metadata nested 5,000 deep with a 400 naming the field', () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const [path] = pathsOf(rawEvent(`"metadata":${deep}`));
    expect(path).toMatch(/^metadata(\.a)+$/);
  });

  it('rejects an unknown field nested 5,000 deep in a batch', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const [path] = pathsOf({ events: [rawEvent(`"junk":${deep}`)] });
    expect(path).toMatch(/^events\[0\]\.junk(\[0\])+$/);
  });

  it('stores an upper-case eventId in lower case, so its retry is the same event', () => {
    const id = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';
    expect(parseIngestRequest(anEvent({ eventId: id }), now).events[0]?.eventId).toBe(id.toLowerCase());
  });

  it('rejects one eventId sent twice in one batch in different cases', () => {
    const id = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    expect(pathsOf({ events: [anEvent({ eventId: id }), anEvent({ eventId: id.toUpperCase() })] })).toEqual(['events[1].eventId']);
  });

  it.each(['0000-01-01T00:00:00Z', '1999-12-31T23:59:59.999Z'])('rejects occurredAt %s, before 2000', (occurredAt) => {
    expect(pathsOf(anEvent({ occurredAt }))).toEqual(['occurredAt']);
  });

  it('accepts occurredAt at the first instant of 2000', () => {
    expect(parseIngestRequest(anEvent({ occurredAt: '2000-01-01T00:00:00Z' }), now).events).toHaveLength(1);
  });
});
