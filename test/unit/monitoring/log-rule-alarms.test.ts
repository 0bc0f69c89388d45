import { describe, expect, it } from '@jest/globals';
import { LogRuleAlarms } from '../../../lambdas/core/monitoring/log-rule-alarms';
import { logRules, monitoringRules } from '../../../lambdas/core/monitoring/rules';

const start = new Date('2026-11-20T10:00:00.000Z');
const after = (seconds: number) => new Date(start.getTime() + seconds * 1000);
const failedLogin = JSON.stringify({
  logType: 'security',
  streamEvent: 'INSERT',
  eventType: 'auth.login.failure',
  actorUserId: 'jdoe',
});
const failedLoginRule = logRules(monitoringRules()).filter((r) => r.name === 'failed-logins');

describe('LogRuleAlarms', () => {
  it('starts OK with value 0', () => {
    const alarms = new LogRuleAlarms(failedLoginRule, start);
    expect(alarms.statuses(after(1)).statuses).toEqual([
      { name: 'failed-logins', state: 'OK', value: 0, threshold: 10, since: start.toISOString() },
    ]);
  });

  it('goes to ALARM when the threshold is reached within the period', () => {
    // Prepare
    const alarms = new LogRuleAlarms(failedLoginRule, start);
    // Act
    for (let i = 0; i < 10; i++) alarms.record(failedLogin, after(i));
    const { statuses, transitions } = alarms.statuses(after(10));
    // Assess
    expect([statuses[0]?.state, statuses[0]?.value, statuses[0]?.since, transitions.length]).toEqual([
      'ALARM',
      10,
      after(10).toISOString(),
      1,
    ]);
  });

  it('does not count lines that do not match the pattern', () => {
    const alarms = new LogRuleAlarms(failedLoginRule, start);
    const modify = JSON.stringify({ logType: 'security', streamEvent: 'MODIFY', eventType: 'auth.login.failure' });
    for (let i = 0; i < 10; i++) alarms.record(modify, after(i));
    expect(alarms.statuses(after(10)).statuses[0]?.state).toBe('OK');
  });

  it('returns to OK once the period has passed', () => {
    const alarms = new LogRuleAlarms(failedLoginRule, start);
    for (let i = 0; i < 10; i++) alarms.record(failedLogin, after(i));
    alarms.evaluate(after(10));
    const transitions = alarms.evaluate(after(400));
    expect(transitions.map((t) => t.status.state)).toEqual(['OK']);
  });

  it('needs every evaluation period to breach', () => {
    const rule = { ...failedLoginRule[0]!, evaluationPeriods: 2, threshold: 1 };
    const alarms = new LogRuleAlarms([rule], start);
    alarms.record(failedLogin, after(400));
    expect(alarms.evaluate(after(401))).toEqual([]);
  });
});
