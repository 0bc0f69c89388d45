/**
 * Realistic event sets for the scheduled report tests, and an in-memory index reader that
 * serves them as the DynamoDB adapter does: a segment's events, newest first, bounded by
 * from/to. Expected figures are computed in the tests themselves, never by the code under test.
 */
import { buildStoredEvent } from '../../../lambdas/core/build-event';
import type { AuditEventInput, StoredEvent } from '../../../lambdas/core/event-schema';
import type { EventIndexReader, SegmentRead } from '../../../lambdas/core/query/ports';
import { prng } from '../../integration/query-fixtures';

let serial = 0;

/** A stored event, as the writer would have stored it. */
export function stored(input: Omit<AuditEventInput, 'eventId'>): StoredEvent {
  serial += 1;
  const eventId = `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`;
  return buildStoredEvent(input, { eventId, source: 'arn:aws:iam::123456789012:role/dmis-api', ingestedAt: new Date(Date.parse(input.occurredAt) + 1000) });
}

const at = (base: string, seconds: number) => new Date(Date.parse(base) + seconds * 1000).toISOString();

/** A day (2026-11-20) of logins with a burst from one IP, a slow guesser, credential changes, and events of the days around it. */
export function loginDay(): StoredEvent[] {
  const rnd = prng(11);
  const users = ['officer-1', 'officer-2', 'clerk-9', 'admin-1', 'jdoe'];
  const ips = ['198.51.100.1', '198.51.100.2', '203.0.113.7'];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  const events: StoredEvent[] = [];
  for (let i = 0; i < 120; i++) {
    const userId = pick(users);
    const ok = rnd() < 0.8;
    events.push(stored({
      occurredAt: at('2026-11-20T00:00:00.000Z', Math.floor(rnd() * 86_399)),
      eventType: ok ? 'auth.login.success' : 'auth.login.failure',
      actor: { userId, ...(rnd() < 0.9 ? { ip: pick(ips) } : {}) },
      target: { type: 'user', id: userId },
      outcome: ok ? 'success' : 'failure',
    }));
  }
  // A burst: 12 failures from one IP against several users in 4 minutes.
  for (let i = 0; i < 12; i++) {
    events.push(stored({
      occurredAt: at('2026-11-20T03:10:00.000Z', i * 20), eventType: 'auth.login.failure',
      actor: { userId: `guess-${i % 3}`, ip: '192.0.2.66' }, target: { type: 'user', id: `guess-${i % 3}` }, outcome: 'failure',
    }));
  }
  // A slow guesser: 15 failures a minute apart, never 10 within 300 s.
  for (let i = 0; i < 15; i++) {
    events.push(stored({
      occurredAt: at('2026-11-20T14:00:00.000Z', i * 61), eventType: 'auth.login.failure',
      actor: { userId: 'slow', ip: '192.0.2.77' }, outcome: 'failure',
    }));
  }
  for (const [type, s] of [['auth.password.reset', 100], ['auth.password.change', 2000], ['auth.mfa.change', 3000], ['auth.logout', 4000]] as const) {
    events.push(stored({ occurredAt: at('2026-11-20T09:00:00.000Z', s), eventType: type, actor: { userId: 'officer-2' }, target: { type: 'user', id: 'clerk-9' }, outcome: 'success' }));
  }
  // Outside the day, and not a login.
  events.push(stored({ occurredAt: '2026-11-19T23:59:59.999Z', eventType: 'auth.login.failure', actor: { userId: 'jdoe', ip: '192.0.2.66' }, outcome: 'failure' }));
  events.push(stored({ occurredAt: '2026-11-21T00:00:00.000Z', eventType: 'auth.login.success', actor: { userId: 'jdoe' }, outcome: 'success' }));
  events.push(stored({ occurredAt: '2026-11-20T12:00:00.000Z', eventType: 'donation.update', actor: { userId: 'jdoe' }, outcome: 'success' }));
  return events;
}

/** ISO week 2026-W47 (16–22 November) of changes to every DMIS record type, with failures and events outside it. */
export function changeWeek(): StoredEvent[] {
  const rnd = prng(5);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  const records = ['donation', 'donation_intake', 'transfer', 'relief_request', 'relief_package', 'dispatch'] as const;
  const users = ['officer-1', 'officer-2', 'clerk-9', 'wh-lead'];
  const events: StoredEvent[] = [];
  for (let i = 0; i < 300; i++) {
    const record = pick(records);
    events.push(stored({
      // From Sunday before the week to Monday after it.
      occurredAt: at('2026-11-15T00:00:00.000Z', Math.floor(rnd() * 9 * 86_400)),
      eventType: `${record}.${rnd() < 0.4 ? 'create' : 'update'}`,
      actor: { userId: pick(users) },
      ...(rnd() < 0.95 ? { target: { type: record, id: `${record.slice(0, 3).toUpperCase()}-${Math.floor(rnd() * 8)}` } } : {}),
      outcome: rnd() < 0.9 ? 'success' : pick(['failure', 'denied', 'error'] as const),
    }));
  }
  events.push(stored({ occurredAt: '2026-11-18T10:00:00.000Z', eventType: 'auth.login.success', actor: { userId: 'officer-1' }, outcome: 'success' }));
  return events;
}

/** Serves events like the index adapter: by segment, within from/to, newest first by (occurredAt, eventId). */
export function inMemoryReader(events: readonly StoredEvent[], reads: SegmentRead[] = []): EventIndexReader {
  return {
    async *read(request) {
      reads.push(request);
      const s = request.segment;
      const rows = events
        .filter((e) => (s.kind === 'day' ? e.occurredAt.startsWith(s.day) : s.kind === 'type' ? s.eventTypes.includes(e.eventType) && e.occurredAt.startsWith(s.month) : true))
        .filter((e) => (request.from === undefined || e.occurredAt >= request.from) && (request.to === undefined || e.occurredAt < request.to))
        .sort((a, b) => (a.occurredAt === b.occurredAt ? (a.eventId < b.eventId ? 1 : -1) : a.occurredAt < b.occurredAt ? 1 : -1));
      yield* rows;
    },
  };
}
