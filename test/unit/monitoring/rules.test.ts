import { describe, expect, it } from '@jest/globals';
import { renderFilterPattern } from '../../../lambdas/core/monitoring/filter-pattern';
import { logRules, monitoringRules } from '../../../lambdas/core/monitoring/rules';

describe('monitoringRules', () => {
  it('defines the rules the issue asks for', () => {
    const names = monitoringRules().map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'failed-logins',
        'access-denied',
        'role-change-outside-allow-list',
        'privilege-and-account-changes',
        'record-change-volume',
        'record-change-anomaly',
        'integrity-failures',
        'seal-lag',
        'unsealed-events',
        'stream-iterator-age',
        'failure-queue-depth',
        'lambda-errors',
        'lambda-throttles',
        'api-5xx',
        'waf-blocked-spike',
      ]),
    );
  });

  it('has unique rule names and metric names', () => {
    const rules = monitoringRules();
    const metricNames = logRules(rules).map((r) => r.metricName);
    expect([new Set(rules.map((r) => r.name)).size, new Set(metricNames).size]).toEqual([
      rules.length,
      metricNames.length,
    ]);
  });

  it('applies a threshold override', () => {
    const rule = monitoringRules({ overrides: { 'failed-logins': { threshold: 25 } } }).find(
      (r) => r.name === 'failed-logins',
    );
    expect(rule?.threshold).toBe(25);
  });

  it('drops a disabled rule', () => {
    const names = monitoringRules({ overrides: { 'waf-blocked-spike': { enabled: false } } }).map((r) => r.name);
    expect(names).not.toContain('waf-blocked-spike');
  });

  it('rejects an override for a rule that does not exist', () => {
    expect(() => monitoringRules({ overrides: { 'no-such-rule': { threshold: 1 } } })).toThrow(
      /unknown rule "no-such-rule"/,
    );
  });

  it('rejects a period CloudWatch cannot use', () => {
    expect(() => monitoringRules({ overrides: { 'failed-logins': { periodMinutes: 7 } } })).toThrow(/periodMinutes/);
  });

  it('excludes allow-listed administrators from the role-change rule', () => {
    const rule = logRules(monitoringRules({ roleGrantAllowList: ['idm-service'] })).find(
      (r) => r.name === 'role-change-outside-allow-list',
    );
    expect(renderFilterPattern(rule!.pattern)).toContain('($.actorUserId != "idm-service")');
  });

  it("keeps every rendered pattern within CloudWatch's 1024-character limit", () => {
    const longest = Math.max(...logRules(monitoringRules()).map((r) => renderFilterPattern(r.pattern).length));
    expect(longest).toBeLessThanOrEqual(1024);
  });
});
