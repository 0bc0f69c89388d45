/**
 * The WAF parts for detection (lib/constructs/waf-hardening.ts), synthesized in a small
 * stack of their own: managed groups, the egress allow-list and the log redactions; then
 * the web ACL of the audit stack that puts them together.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { allowListRule, extraManagedRules, WAF_REDACTED_FIELDS } from '../../lib/constructs/waf-hardening';
import { buildAuditStack, SYNTH_TIMEOUT_MS, TEST_CONFIG } from './audit-stack-fixture';

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

describe('web ACL of the audit stack', () => {
  let template: Template;
  let rules: Array<{ Name: string; Priority: number }>;
  beforeAll(() => {
    template = Template.fromStack(buildAuditStack().stack);
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0] as {
      Properties: { Rules: Array<{ Name: string; Priority: number }> };
    };
    rules = acl.Properties.Rules;
  }, SYNTH_TIMEOUT_MS);

  it('evaluates the allow-list first, then reputation, rate limit and the managed groups', () => {
    const inOrder = [...rules].sort((a, b) => a.Priority - b.Priority).map((r) => [r.Priority, r.Name]);

    expect(inOrder).toEqual([
      [0, 'DmisEgressAllowList'],
      [1, 'AWSManagedRulesAmazonIpReputationList'],
      [2, 'RatePerIp'],
      [3, 'AWSManagedRulesCommonRuleSet'],
      [4, 'AWSManagedRulesKnownBadInputsRuleSet'],
      [5, 'AWSManagedRulesSQLiRuleSet'],
    ]);
  });

  it('allows the configured DMIS egress ranges through an IP set', () => {
    template.hasResourceProperties('AWS::WAFv2::IPSet', {
      Addresses: [...TEST_CONFIG.monitoring.allowListedCidrs],
      IPAddressVersion: 'IPV4',
      Scope: 'REGIONAL',
    });
  });

  it('redacts credentials and cookies in its logs', () => {
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'x-amz-security-token' } },
        { SingleHeader: { Name: 'cookie' } },
      ],
    });
  });

  it('only counts the body rules of the common and SQL injection groups', () => {
    const overridden = (group: string) =>
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Rules: Match.arrayWith([
          Match.objectLike({
            Name: group,
            Statement: {
              ManagedRuleGroupStatement: Match.objectLike({
                RuleActionOverrides: Match.arrayWith([Match.objectLike({ ActionToUse: { Count: {} } })]),
              }),
            },
          }),
        ]),
      });
    overridden('AWSManagedRulesCommonRuleSet');
    overridden('AWSManagedRulesSQLiRuleSet');
  });
});
