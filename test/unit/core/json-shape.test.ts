import { describe, expect, it } from '@jest/globals';
import { jsonShapeDetails, MAX_BODY_DEPTH } from '../../../lambdas/core/json-shape';

/** `depth` objects nested in one another, as raw JSON text (`{"a":{"a":…}}`). */
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('jsonShapeDetails', () => {
  it('accepts a body nested exactly to the limit', () => {
    expect(jsonShapeDetails(JSON.parse(nestedObjects(MAX_BODY_DEPTH)))).toEqual([]);
  });

  it('names the first level past the limit', () => {
    const details = jsonShapeDetails(JSON.parse(nestedObjects(MAX_BODY_DEPTH + 1)));
    expect(details).toEqual([{ path: `${Array(MAX_BODY_DEPTH).fill('a').join('.')}`, message: `nested deeper than ${MAX_BODY_DEPTH} levels` }]);
  });

  it('walks 100,000 nested arrays without overflowing the stack', () => {
    const details = jsonShapeDetails({ metadata: JSON.parse(nestedArrays(100_000)) });
    expect(details).toHaveLength(1);
    expect(details[0]?.path).toMatch(/^metadata(\[0\]){31}$/);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a key named %s at any depth, naming its path', (key) => {
    const body = JSON.parse(`{"events":[{"metadata":{"a":{"${key}":{"x":1},"b":1}}}]}`) as unknown;
    expect(jsonShapeDetails(body).map((d) => d.path)).toEqual([`events[0].metadata.a.${key}`]);
  });

  it('refuses a __proto__ key that JSON.parse made an own property at the root', () => {
    const body = JSON.parse('{"__proto__":[1,2],"eventType":"auth.logout"}') as unknown;
    expect(jsonShapeDetails(body)).toEqual([
      { path: '__proto__', message: 'keys named __proto__, constructor or prototype are not accepted' },
    ]);
  });

  it('keeps names that merely contain the refused words', () => {
    expect(jsonShapeDetails({ proto: 1, constructorName: 'x', prototypes: [{ __proto: 1 }] })).toEqual([]);
  });

  it('names at most 20 problems, in document order', () => {
    const body = { events: Array.from({ length: 50 }, () => JSON.parse('{"constructor":1}') as unknown) };
    const paths = jsonShapeDetails(body).map((d) => d.path);
    expect(paths).toHaveLength(20);
    expect(paths.slice(0, 2)).toEqual(['events[0].constructor', 'events[1].constructor']);
  });
});
