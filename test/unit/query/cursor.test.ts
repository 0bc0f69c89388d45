import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { CURSOR_TTL_MS, CursorCodec, queryFingerprint } from '../../../lambdas/core/query/cursor';

const POSITION = { occurredAt: '2026-11-20T10:15:30.000Z', eventId: '3f1c2a9e-8d7b-4c6a-9e5f-1a2b3c4d5e6f' };
const QUERY = queryFingerprint({ filters: { actor: 'jdoe' }, limit: 50 });

describe('CursorCodec', () => {
  it('opens its own cursor for the same query', () => {
    const codec = new CursorCodec(randomBytes(32));
    expect(codec.open(codec.seal(QUERY, POSITION), QUERY)).toEqual(POSITION);
  });

  it('rejects a cursor signed with another key', () => {
    const cursor = new CursorCodec(randomBytes(32)).seal(QUERY, POSITION);
    expect(() => new CursorCodec(randomBytes(32)).open(cursor, QUERY)).toThrow(/altered/);
  });

  it('rejects a cursor for another query', () => {
    const codec = new CursorCodec(randomBytes(32));
    const other = queryFingerprint({ filters: { actor: 'jdoe' }, limit: 51 });
    expect(() => codec.open(codec.seal(QUERY, POSITION), other)).toThrow(/different query/);
  });

  it('rejects an expired cursor', () => {
    let now = Date.parse('2026-11-20T00:00:00Z');
    const codec = new CursorCodec(randomBytes(32), () => new Date(now));
    const cursor = codec.seal(QUERY, POSITION);
    now += CURSOR_TTL_MS + 1;
    expect(() => codec.open(cursor, QUERY)).toThrow(/expired/);
  });

  it('rejects a cursor with an extra segment', () => {
    const codec = new CursorCodec(randomBytes(32));
    expect(() => codec.open(`${codec.seal(QUERY, POSITION)}.x`, QUERY)).toThrow(/malformed/);
  });

  it('refuses a short key', () => {
    expect(() => new CursorCodec(randomBytes(16))).toThrow(/32 bytes/);
  });
});
