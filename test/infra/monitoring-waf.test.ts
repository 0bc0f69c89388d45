/**
 * The WAF parts for detection (lib/constructs/waf-hardening.ts), synthesized in a small
 * stack of their own: managed groups, the egress allow-list and the log redactions.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { allowListRule, extraManagedRules, WAF_REDACTED_FIELDS } from '../../lib/constructs/waf-hardening';

describe('WAF hardening parts', () => {
  it('adds the known-bad-inputs and SQL injection managed groups', () => {
    const names = extraManagedRules(10).map(
      (r) => (r.statement as { managedRuleGroupStatement: { name: string } }).managedRuleGroupStatement.name,
    );
    expect(names).toEqual(['AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet']);
  });

  it('only counts the SQL injection rules that inspect the body', () => {
    const sqli = extraManagedRules(10)[1]?.statement as {
      managedRuleGroupStatement: { ruleActionOverrides: { name: string }[] };
    };
    expect(sqli.managedRuleGroupStatement.ruleActionOverrides.map((o) => o.name)).toEqual([
      'SQLi_BODY',
      'SQLiExtendedPatterns_BODY',
    ]);
  });

  it('redacts cookies as well as credentials in WAF logs', () => {
    expect(WAF_REDACTED_FIELDS).toContainEqual({ singleHeader: { Name: 'cookie' } });
  });

  it('adds no allow rule when no ranges are configured', () => {
    expect(allowListRule(new Stack(new App(), 'Empty'), [], 0)).toBeUndefined();
  });

  it('allows configured IPv4 and IPv6 ranges through IP sets', () => {
    // Prepare
    const stack = new Stack(new App(), 'AllowList');
    // Act
    const rule = allowListRule(stack, ['203.0.113.0/24', '2001:db8::/32'], 0);
    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::WAFv2::IPSet', {
      IPAddressVersion: 'IPV4',
      Addresses: ['203.0.113.0/24'],
      Scope: 'REGIONAL',
    });
    template.hasResourceProperties('AWS::WAFv2::IPSet', { IPAddressVersion: 'IPV6', Addresses: ['2001:db8::/32'] });
    expect([
      rule?.action,
      (rule?.statement as { orStatement?: { statements: unknown[] } }).orStatement?.statements.length,
    ]).toEqual([{ allow: {} }, 2]);
  });
});
