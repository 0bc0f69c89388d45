import { describe, expect, it } from '@jest/globals';
import { BruteForceDetector } from '../../../lambdas/core/monitoring/brute-force-detector';
import { InMemoryDetectorCounters } from '../../../lambdas/core/monitoring/in-memory-detector-counters';
import type { Notifier, SecurityNotification } from '../../../lambdas/core/monitoring/ports';
import { securityLineOf, type SecurityLine } from '../../../lambdas/core/monitoring/security-line';
import { blindNameOf, sealedIp } from '../../fixtures/sealed-actor';

class RecordingNotifier implements Notifier {
  readonly sent: SecurityNotification[] = [];
  async publish(notification: SecurityNotification): Promise<void> {
    this.sent.push(notification);
  }
}

const failedLogin = (ip: string, user: string): SecurityLine => ({
  logType: 'security',
  streamEvent: 'INSERT',
  expected: true,
  eventId: `e-${Math.random()}`,
  eventType: 'auth.login.failure',
  category: 'authentication',
  severity: 'high',
  outcome: 'failure',
  actorUserId: user,
  sourceIp: ip,
  targetType: 'user',
  targetId: user,
  occurredAt: '2026-11-20T10:00:00.000Z',
});
const at = (seconds: number) => new Date(Date.UTC(2026, 10, 20, 10, 0, 0) + seconds * 1000);

function setup(threshold = 3) {
  const notifier = new RecordingNotifier();
  const detector = new BruteForceDetector(new InMemoryDetectorCounters(), notifier, { threshold, windowSeconds: 300 });
  return { notifier, detector };
}

describe('BruteForceDetector', () => {
  it('alerts when one source IP reaches the threshold', async () => {
    // Prepare
    const { detector, notifier } = setup();
    // Act
    for (const [i, user] of ['a', 'b', 'c'].entries())
      await detector.observe(failedLogin('198.51.100.23', user), at(i));
    // Assess
    expect(notifier.sent.map((n) => n.detail)).toEqual([
      expect.objectContaining({ keyKind: 'sourceIp', key: '198.51.100.23', count: 3 }),
    ]);
  });

  it('alerts when one target user reaches the threshold from many IPs', async () => {
    const { detector, notifier } = setup();
    for (const [i, ip] of ['192.0.2.1', '192.0.2.2', '192.0.2.3'].entries())
      await detector.observe(failedLogin(ip, 'jdoe'), at(i));
    expect(notifier.sent.map((n) => n.detail)).toEqual([
      expect.objectContaining({ keyKind: 'targetUser', key: 'jdoe', count: 3 }),
    ]);
  });

  it('stays silent below the threshold', async () => {
    const { detector, notifier } = setup();
    for (let i = 0; i < 2; i++) await detector.observe(failedLogin('198.51.100.23', 'jdoe'), at(i));
    expect(notifier.sent).toEqual([]);
  });

  it('sends one alert per key per window however many failures follow', async () => {
    // Prepare
    const { detector, notifier } = setup();
    // Act
    for (let i = 0; i < 12; i++) await detector.observe(failedLogin('198.51.100.23', `u${i}`), at(i));
    // Assess
    expect(notifier.sent.filter((n) => n.detail.keyKind === 'sourceIp')).toHaveLength(1);
  });

  it('forgets failures older than the window', async () => {
    const { detector, notifier } = setup();
    await detector.observe(failedLogin('198.51.100.23', 'a'), at(0));
    await detector.observe(failedLogin('198.51.100.23', 'b'), at(60));
    await detector.observe(failedLogin('198.51.100.23', 'c'), at(400));
    expect(notifier.sent).toEqual([]);
  });

  it('alerts again after the window has passed', async () => {
    const { detector, notifier } = setup();
    for (let i = 0; i < 3; i++) await detector.observe(failedLogin('198.51.100.23', `a${i}`), at(i));
    for (let i = 0; i < 3; i++) await detector.observe(failedLogin('198.51.100.23', `b${i}`), at(700 + i));
    expect(notifier.sent.filter((n) => n.detail.keyKind === 'sourceIp')).toHaveLength(2);
  });

  it('ignores events other than failed logins', async () => {
    const { detector, notifier } = setup(1);
    await detector.observe(
      { ...failedLogin('198.51.100.23', 'a'), eventType: 'auth.login.success', outcome: 'success' },
      at(0),
    );
    expect(notifier.sent).toEqual([]);
  });

  it('rejects a window that is not whole minutes', () => {
    expect(
      () => new BruteForceDetector(new InMemoryDetectorCounters(), new RecordingNotifier(), { windowSeconds: 90 }),
    ).toThrow(/whole number of minutes/);
  });
});

describe('BruteForceDetector over sealed source addresses', () => {
  /** The security line of a stored failed login whose actor.ip ingest sealed. */
  const sealedFailure = (ip: string, user: string, eventId: string) =>
    securityLineOf({
      kind: 'INSERT',
      item: { kind: 'event', eventId },
      newItem: { ...failedLogin('-', user), eventId, actor: { userId: user, ip: sealedIp(ip, eventId) }, target: { type: 'user', id: user } },
      byTimeToLive: false,
      changedAt: '2026-11-20T10:00:01.000Z',
    }) as SecurityLine;

  it('counts one address across events sealed apart, and names it by its blind only', async () => {
    // Prepare
    const { detector, notifier } = setup();
    // Act
    for (const [i, user] of ['a', 'b', 'c'].entries()) await detector.observe(sealedFailure('198.51.100.23', user, `e-${i}`), at(i));
    // Assess
    expect(notifier.sent.map((n) => n.detail)).toEqual([
      expect.objectContaining({ keyKind: 'sourceIp', key: blindNameOf('198.51.100.23'), count: 3, message: expect.stringContaining('blind index') }),
    ]);
    expect(JSON.stringify(notifier.sent)).not.toMatch(/pii:v1:|198\.51\.100\.23/);
  });

  it('keeps different sealed addresses apart', async () => {
    const { detector, notifier } = setup();
    for (const [i, ip] of ['192.0.2.1', '192.0.2.2', '192.0.2.1'].entries()) await detector.observe(sealedFailure(ip, `u${i}`, `e-${i}`), at(i));
    expect(notifier.sent).toEqual([]);
  });
});
