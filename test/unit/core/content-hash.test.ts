import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from '../../../lambdas/core/canonical';
import { contentHashOf } from '../../../lambdas/core/content-hash';
import type { AuditEvent } from '../../../lambdas/core/event-schema';

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/content-hash-vectors.json', import.meta.url), 'utf8')) as {
  events: { event: AuditEvent; canonical: string; contentHash: string }[];
  rfc8785Example: { input: string; canonical: string };
};

describe('contentHash against independently computed vectors', () => {
  it.each(vectors.events.map((v, i) => [i, v] as const))('vector %i: canonical form matches', (_i, vector) => {
    expect(canonicalJson(vector.event)).toBe(vector.canonical);
  });
  it.each(vectors.events.map((v, i) => [i, v] as const))('vector %i: contentHash matches', (_i, vector) => {
    expect(contentHashOf(vector.event)).toBe(vector.contentHash);
  });
  it('ignores a contentHash field already present on the event', () => {
    const vector = vectors.events[0]!;
    expect(contentHashOf({ ...vector.event, contentHash: 'f'.repeat(64) } as AuditEvent)).toBe(vector.contentHash);
  });
  it('canonicalises the RFC 8785 sample exactly', () => {
    expect(canonicalJson(JSON.parse(vectors.rfc8785Example.input))).toBe(vectors.rfc8785Example.canonical);
  });
});
