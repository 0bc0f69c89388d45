import { describe, expect, it } from '@jest/globals';
import { PayloadTooLargeError, ValidationError } from '../../../lambdas/core/errors';
import { parseIngestRequest } from '../../../lambdas/core/parse-request';
import { anEvent } from '../../fixtures/events';

const now = new Date('2026-11-20T10:16:00.000Z');

function detailsOf(body: unknown): { path: string; message: string }[] {
  try {
    parseIngestRequest(body, now);
  } catch (error) {
    if (error instanceof ValidationError) return [...error.details];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseIngestRequest', () => {
  it('accepts one event', () => {
    expect(parseIngestRequest(anEvent(), now).events).toHaveLength(1);
  });
  it('accepts a batch of 100', () => {
    const events = Array.from({ length: 100 }, () => anEvent());
    expect(parseIngestRequest({ events }, now).events).toHaveLength(100);
  });
  it('rejects a batch of 101', () => {
    const events = Array.from({ length: 101 }, () => anEvent());
    expect(detailsOf({ events }).map((d) => d.path)).toEqual(['events']);
  });
  it('names every bad field across the batch by path', () => {
    const bad = { events: [anEvent(), anEvent({ outcome: 'maybe' as never }), anEvent({ actor: { userId: '' } })] };
    expect(detailsOf(bad).map((d) => d.path)).toEqual(['events[1].outcome', 'events[2].actor.userId']);
  });
  it('rejects an unknown event type, saying what is allowed without echoing it', () => {
    const [detail] = detailsOf(anEvent({ eventType: 'donation.vanish<script>' }));
    expect(detail?.path).toBe('eventType');
    expect(detail?.message).toContain('auth.login.failure');
    expect(detail?.message).not.toContain('vanish');
  });
  it('accepts a namespaced custom type', () => {
    expect(parseIngestRequest(anEvent({ eventType: 'custom.warehouse.stock_count' }), now).events).toHaveLength(1);
  });
  it('rejects a category on a catalogued type', () => {
    expect(detailsOf(anEvent({ category: 'system' })).map((d) => d.path)).toEqual(['category']);
  });
  it('rejects unknown fields by name', () => {
    expect(detailsOf({ ...anEvent(), password: 'x' }).map((d) => d.path)).toEqual(['password']);
  });
  it('rejects a local-time occurredAt', () => {
    expect(detailsOf(anEvent({ occurredAt: '2026-11-20T10:15:30+05:00' })).map((d) => d.path)).toEqual(['occurredAt']);
  });
  it('rejects an occurredAt far in the future', () => {
    expect(detailsOf(anEvent({ occurredAt: '2026-11-20T11:00:00Z' })).map((d) => d.path)).toEqual(['occurredAt']);
  });
  it('rejects the same eventId twice in one batch', () => {
    const e = anEvent();
    expect(detailsOf({ events: [e, { ...e }] }).map((d) => d.path)).toEqual(['events[1].eventId']);
  });
  it('rejects a non-object body', () => {
    expect(detailsOf([anEvent()]).map((d) => d.path)).toEqual(['']);
  });
  it('rejects an event over 32 KB as too large', () => {
    const big = anEvent({ metadata: { blob: 'x'.repeat(33 * 1024) } });
    expect(() => parseIngestRequest({ events: [anEvent(), big] }, now)).toThrow(PayloadTooLargeError);
  });
  it('never puts a rejected value into a message', () => {
    const secret = 'hunter2-super-secret';
    const details = detailsOf(anEvent({ outcome: secret as never, actor: { userId: 'u', ip: secret } }));
    expect(JSON.stringify(details)).not.toContain(secret);
  });
});

describe('text with no canonical form', () => {
  it('rejects a lone surrogate in free-form metadata as invalid input, by path', () => {
    const body = JSON.parse('{"metadata": {"note": "bad \\ud800 text"}}') as { metadata: Record<string, unknown> };
    expect(detailsOf(anEvent({ metadata: body.metadata })).map((d) => d.path)).toEqual(['metadata.note']);
  });
});

describe('numbers the store cannot hold', () => {
  it.each([['1e400'], ['1e200'], ['-1e-200']])('rejects %s by path', (literal) => {
    const metadata = JSON.parse(`{"n": ${literal}}`) as Record<string, unknown>;
    expect(detailsOf(anEvent({ metadata })).map((d) => d.path)).toEqual(['metadata.n']);
  });
  it('accepts ordinary numbers, zero included', () => {
    expect(parseIngestRequest(anEvent({ metadata: { a: 0, b: -2.5, c: 1e20, d: 1e-10 } }), now).events).toHaveLength(1);
  });
});
