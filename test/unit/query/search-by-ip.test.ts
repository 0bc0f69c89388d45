/**
 * Search by source address over sealed addresses: the request's address is turned into
 * its blind index with the query side's key, every row is re-checked against the blind
 * part of the sealed actor.ip, and the read's own record names the blind, never the address.
 */
import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../../lambdas/core/errors';
import type { IngestEvents } from '../../../lambdas/core/ingest-events';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import type { Caller } from '../../../lambdas/core/ports';
import type { EventIndexReader } from '../../../lambdas/core/query/ports';
import { matchesFilters } from '../../../lambdas/core/query/event-filter';
import { ipFilterOf } from '../../../lambdas/core/query/ip-filter';
import { ReadAuditor } from '../../../lambdas/core/query/read-audit';
import { SearchEvents } from '../../../lambdas/core/query/search-events';
import { parseSearchParams } from '../../../lambdas/core/query/search-query';
import { TEST_BLIND_KEY, blindNameOf, withSealedActor } from '../../fixtures/sealed-actor';
import { inMemoryReader, stored } from './scheduled-reports-fixtures';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const blindKey = async () => TEST_BLIND_KEY;
const caller: Caller = { principal: 'arn:aws:iam::1:role/AuditReader' };

function loginFrom(ip: string | undefined, minute: number, seal = true): StoredEvent {
  const event = stored({
    eventType: 'auth.login.failure',
    occurredAt: new Date(NOW.getTime() - (60 - minute) * 60_000).toISOString(),
    actor: { userId: `u-${minute}`, ...(ip ? { ip, userAgent: 'Mozilla/5.0' } : {}) },
    outcome: 'failure',
  } as never);
  return seal ? withSealedActor(event) : event;
}

/** The fixtures' reader, continuing strictly after a cursor's position as the store does. */
function readerOf(events: readonly StoredEvent[]): EventIndexReader {
  const all = inMemoryReader(events);
  return {
    async *read(request) {
      for await (const e of all.read(request)) {
        const b = request.before;
        if (!b || e.occurredAt < b.occurredAt || (e.occurredAt === b.occurredAt && e.eventId < b.eventId)) yield e;
      }
    },
  };
}

function searchOver(events: readonly StoredEvent[], recorded: Record<string, unknown>[] = [], withKey = true) {
  const ingest = { execute: async (input: Record<string, unknown>) => void recorded.push(input) };
  const auditor = new ReadAuditor(ingest as unknown as IngestEvents, () => NOW);
  return new SearchEvents({ reader: readerOf(events), auditor, cursorKey: blindKey, now: () => NOW, ...(withKey ? { blindIndexKey: blindKey } : {}) });
}

describe('the ip search parameter', () => {
  it.each(['198.51.100.7', '2001:DB8::0:1'])('accepts the address %s', (ip) => {
    expect(parseSearchParams({ ip }).ip).toBe(ip);
  });

  it.each(['198.51.100.300', 'pii:v1:k:abc:def', 'localhost'])('refuses %s, naming the parameter', (ip) => {
    expect.assertions(2);
    try {
      parseSearchParams({ ip });
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).details.map((d) => d.path)).toEqual(['ip']);
    }
  });
});

describe('matching a sealed source address', () => {
  it('matches the sealed address by its blind, whatever the spelling asked for', async () => {
    const event = loginFrom('2001:db8::1', 1);
    const [same, other] = await Promise.all([ipFilterOf('2001:DB8:0::1', blindKey), ipFilterOf('2001:db8::2', blindKey)]);
    expect([matchesFilters(event, { ip: same }), matchesFilters(event, { ip: other })]).toEqual([true, false]);
  });

  it('matches an address stored in clear by its spelling, and never an event without one', async () => {
    const filter = await ipFilterOf('198.51.100.7', blindKey);
    expect([loginFrom('198.51.100.7', 1, false), loginFrom('198.51.100.8', 2, false), loginFrom(undefined, 3)].map((e) => matchesFilters(e, { ip: filter }))).toEqual([true, false, false]);
  });

  it('does not match a sealed address under another blind index key', async () => {
    const filter = await ipFilterOf('198.51.100.7', async () => new Uint8Array(32).fill(8));
    expect(matchesFilters(loginFrom('198.51.100.7', 1), { ip: filter })).toBe(false);
  });
});

describe('SearchEvents with ip', () => {
  const events = [loginFrom('198.51.100.7', 1), loginFrom('198.51.100.8', 2), loginFrom('198.51.100.7', 3), loginFrom(undefined, 4)];

  it('returns exactly the events from that address, newest first, still sealed', async () => {
    const page = await searchOver(events).execute({ ip: '198.51.100.7' }, caller);
    expect(page.events.map((e) => e.eventId)).toEqual([events[2]?.eventId, events[0]?.eventId]);
    expect(page.events.map((e) => e.actor.ip)).toEqual([events[2]?.actor.ip, events[0]?.actor.ip]);
    expect(JSON.stringify(page.events)).not.toContain('198.51.100.7');
  });

  it('records the read with the blind name of the address, never the address', async () => {
    const recorded: Record<string, unknown>[] = [];
    await searchOver(events, recorded).execute({ ip: '198.51.100.7' }, caller);
    expect(recorded[0]).toMatchObject({ metadata: { query: { ipBlind: blindNameOf('198.51.100.7'), index: 'byTime' } } });
    expect(JSON.stringify(recorded)).not.toContain('198.51.100.7');
  });

  it('pages through the results with a cursor bound to the address', async () => {
    const search = searchOver(events);
    const first = await search.execute({ ip: '198.51.100.7', limit: '1' }, caller);
    const second = await search.execute({ ip: '198.51.100.7', limit: '1', cursor: first.nextCursor ?? '' }, caller);
    expect([...first.events, ...second.events].map((e) => e.eventId)).toEqual([events[2]?.eventId, events[0]?.eventId]);
    await expect(search.execute({ ip: '198.51.100.8', limit: '1', cursor: first.nextCursor ?? '' }, caller)).rejects.toThrow(/different query/);
  });

  it('refuses ip with 400 when no blind index key is configured', async () => {
    await expect(searchOver(events, [], false).execute({ ip: '198.51.100.7' }, caller)).rejects.toMatchObject({
      code: 'invalid_request',
      details: [{ path: 'ip', message: 'not available' }],
    });
  });
});
