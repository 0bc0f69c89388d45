/**
 * The events the console tests browse: several types, actors and targets, record changes,
 * configuration changes, failed logins and denials, one event with a secret to redact, and
 * 110 dispatch updates by one actor (a full page of 100 and a second page). All within the
 * last two hours, so every page's default period covers them.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEventInput } from '../../lambdas/core/event-schema';

/** Counts the tests assert on. */
export const SEEDED = {
  failedLogins: 12,
  denials: 4,
  dispatches: 110,
  /** Events on donation DN-2041: one create, three updates. */
  donationEvents: 4,
  configChanges: 2,
} as const;

/** The seeded events, oldest first. */
export function seedEvents(now = Date.now()): AuditEventInput[] {
  let minute = 110;
  const at = () => new Date(now - minute-- * 60_000 + Math.floor(Math.random() * 1000)).toISOString();
  const event = (e: Omit<AuditEventInput, 'eventId' | 'occurredAt'>): AuditEventInput => ({ eventId: randomUUID(), occurredAt: at(), ...e });
  const events: AuditEventInput[] = [];
  events.push(event({ eventType: 'donation.create', actor: { userId: 'clerk1', ip: '192.0.2.10' }, target: { type: 'donation', id: 'DN-2041' }, outcome: 'success', newState: { quantity: 10, item: 'water' } }));
  for (const [before, after] of [[10, 12], [12, 15], [15, 9]] as const) {
    events.push(event({
      eventType: 'donation.update', actor: { userId: 'clerk1', ip: '192.0.2.10' }, target: { type: 'donation', id: 'DN-2041' }, outcome: 'success',
      changes: [{ field: 'quantity', oldValue: before, newValue: after }], metadata: { warehouse: 'WH-KGN-01' },
    }));
  }
  for (let i = 0; i < SEEDED.failedLogins; i++) {
    events.push(event({ eventType: 'auth.login.failure', actor: { userId: 'mallory', ip: '203.0.113.66' }, target: { type: 'user', id: 'jdoe' }, outcome: 'failure', reason: 'bad password', metadata: { password: 'hunter2' } }));
  }
  for (let i = 0; i < SEEDED.denials; i++) {
    events.push(event({ eventType: 'authz.access.denied', actor: { userId: 'intruder', ip: '198.51.100.9' }, target: { type: 'route', id: '/admin/users' }, outcome: 'denied', reason: 'role does not allow' }));
  }
  for (const [setting, before, after] of [['session_timeout_minutes', 30, 15], ['password_min_length', 10, 14]] as const) {
    events.push(event({ eventType: 'config.change', actor: { userId: 'admin1', ip: '192.0.2.1' }, target: { type: 'setting', id: setting }, outcome: 'success', previousState: { value: before }, newState: { value: after } }));
  }
  events.push(event({ eventType: 'auth.login.success', actor: { userId: 'jdoe', ip: '192.0.2.44' }, outcome: 'success' }));
  events.push(event({ eventType: 'authz.role.grant', actor: { userId: 'admin1', ip: '192.0.2.1' }, target: { type: 'user', id: 'jdoe' }, outcome: 'success', newState: { role: 'logistics_officer' } }));
  minute = 100;
  for (let i = 0; i < SEEDED.dispatches; i++) {
    events.push({ eventId: randomUUID(), occurredAt: new Date(now - 100 * 60_000 + i * 30_000).toISOString(), eventType: 'dispatch.update', actor: { userId: 'dispatcher', ip: '192.0.2.77' }, target: { type: 'dispatch', id: `DP-${1000 + i}` }, outcome: 'success', changes: [{ field: 'status', oldValue: 'packed', newValue: 'sent' }] });
  }
  return events;
}
