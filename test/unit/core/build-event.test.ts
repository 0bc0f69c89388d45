import { describe, expect, it } from '@jest/globals';
import { buildStoredEvent, retryFingerprint } from '../../../lambdas/core/build-event';
import { contentHashOf } from '../../../lambdas/core/content-hash';
import { REDACTED } from '../../../lambdas/core/redaction';
import { anEvent } from '../../fixtures/events';

const stamp = { eventId: '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', source: 'local:writer', ingestedAt: new Date('2026-11-20T10:16:00.000Z') };

describe('buildStoredEvent', () => {
  it('applies catalogue category, severity and action', () => {
    const event = buildStoredEvent(anEvent({ eventType: 'auth.login.failure' }), stamp);
    expect([event.category, event.severity, event.action]).toEqual(['authentication', 'high', 'login']);
  });
  it('keeps a caller severity over the default', () => {
    expect(buildStoredEvent(anEvent({ severity: 'critical' }), stamp).severity).toBe('critical');
  });
  it('stamps server fields and a 7-year expiry for security events', () => {
    const event = buildStoredEvent(anEvent({ eventType: 'authz.role.grant' }), stamp);
    expect(event).toMatchObject({ source: 'local:writer', ingestedAt: '2026-11-20T10:16:00.000Z', retention: { class: 'security' } });
    expect(new Date(event.retention.expiresAt).getUTCFullYear()).toBe(2033);
  });
  it('keeps system events one year and debug events 30 days', () => {
    const system = buildStoredEvent(anEvent({ eventType: 'system.error' }), stamp);
    const debug = buildStoredEvent(anEvent({ eventType: 'system.debug' }), stamp);
    expect([system.retention.expiresAt, debug.retention.expiresAt]).toEqual(['2027-11-20T10:16:00.000Z', '2026-12-20T10:16:00.000Z']);
  });
  it('normalises occurredAt to millisecond ISO form', () => {
    expect(buildStoredEvent(anEvent({ occurredAt: '2026-11-20T10:15:30Z' }), stamp).occurredAt).toBe('2026-11-20T10:15:30.000Z');
  });
  it('redacts secrets in metadata, states, changes and reason and lists the paths', () => {
    const event = buildStoredEvent(anEvent({
      reason: 'retry with Bearer abcdefghijklmnop',
      metadata: { headers: { authorization: 'Basic xyz' } },
      newState: { pin: '1234' },
      changes: [{ field: 'password', oldValue: 'old', newValue: 'new' }],
    }), stamp);
    expect(event.redactedPaths).toEqual(['reason', 'newState.pin', 'changes[0].oldValue', 'changes[0].newValue', 'metadata.headers.authorization']);
    expect(JSON.stringify(event)).not.toMatch(/abcdefghijklmnop|Basic xyz|1234|"old"|"new"/);
    expect(event.changes?.[0]).toEqual({ field: 'password', oldValue: REDACTED, newValue: REDACTED });
  });
  it('hashes exactly what it returns', () => {
    const event = buildStoredEvent(anEvent(), stamp);
    expect(event.contentHash).toBe(contentHashOf(event));
  });
  it('stores no undefined fields', () => {
    const event = buildStoredEvent(anEvent({ target: undefined, reason: undefined }), stamp);
    expect(Object.entries(event).filter(([, v]) => v === undefined)).toEqual([]);
  });
  it('gives a retry the same fingerprint though ingestedAt differs', () => {
    const input = anEvent();
    const later = { ...stamp, ingestedAt: new Date('2026-11-20T10:17:00.000Z') };
    expect(retryFingerprint(buildStoredEvent(input, stamp))).toBe(retryFingerprint(buildStoredEvent(input, later)));
  });
  it('gives changed content a different fingerprint', () => {
    const input = anEvent();
    expect(retryFingerprint(buildStoredEvent(input, stamp))).not.toBe(retryFingerprint(buildStoredEvent({ ...input, outcome: 'failure' }, stamp)));
  });
});

describe('actor.sessionId', () => {
  it('is stored as sha256: and the first 32 hex digits of its SHA-256, never as sent', () => {
    const event = buildStoredEvent(anEvent({ actor: { userId: 'u1', sessionId: 'abc' } }), stamp);
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS 180-2 example).
    expect(event.actor.sessionId).toBe('sha256:ba7816bf8f01cfea414140de5dae2223');
    expect(JSON.stringify(event)).not.toContain('"abc"');
  });
});
