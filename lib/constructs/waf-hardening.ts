/**
 * WAF rules the API needs beyond the web ACL's base set (lib/constructs/audit-waf.ts):
 * the known-bad-inputs and SQL-injection managed groups, an allow-list of DMIS egress
 * ranges, and log redaction that also covers cookies, plus the rule helpers they share.
 * Written as parts the web ACL (AuditWaf) adds to its rule list, so the ACL keeps one owner. Body-inspecting SQLi rules only count:
 * audit events legitimately carry injection strings as evidence of an attack.
 */
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** Body rules of the SQL injection group that must only count, never block. */
const SQLI_BODY_RULES = ['SQLi_BODY', 'SQLiExtendedPatterns_BODY'];

/** Fields WAF must redact in its logs: the SigV4 credentials and any cookie. */
export const WAF_REDACTED_FIELDS: wafv2.CfnLoggingConfiguration.FieldToMatchProperty[] = [
  { singleHeader: { Name: 'authorization' } },
  { singleHeader: { Name: 'x-amz-security-token' } },
  { singleHeader: { Name: 'cookie' } },
];

/** The known-bad-inputs and SQL injection managed groups, at `firstPriority` and the next. */
export function extraManagedRules(firstPriority: number): wafv2.CfnWebACL.RuleProperty[] {
  return [
    managedRule('AWSManagedRulesKnownBadInputsRuleSet', firstPriority, []),
    managedRule('AWSManagedRulesSQLiRuleSet', firstPriority + 1, SQLI_BODY_RULES),
  ];
}

const IPV4_CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;

/**
 * An allow rule for DMIS egress ranges, evaluated first so DMIS's own NAT addresses are
 * never rate-limited or reputation-blocked; undefined when no ranges are configured.
 */
export function allowListRule(
  scope: Construct,
  cidrs: readonly string[],
  priority: number,
): wafv2.CfnWebACL.RuleProperty | undefined {
  if (cidrs.length === 0) return undefined;
  const statements = (['IPV4', 'IPV6'] as const)
    .map((version) => ({ version, addresses: cidrs.filter((c) => IPV4_CIDR.test(c) === (version === 'IPV4')) }))
    .filter(({ addresses }) => addresses.length > 0)
    .map(({ version, addresses }) => {
      const set = new wafv2.CfnIPSet(scope, `AllowList${version}`, {
        scope: 'REGIONAL',
        ipAddressVersion: version,
        addresses,
      });
      return { ipSetReferenceStatement: { arn: set.attrArn } };
    });
  const [first] = statements;
  return {
    name: 'DmisEgressAllowList',
    priority,
    action: { allow: {} },
    visibilityConfig: visibility('DmisEgressAllowList'),
    statement: statements.length === 1 && first ? first : { orStatement: { statements } },
  };
}

/** CloudWatch metrics and sampled requests for a rule or the web ACL. */
export function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/** An AWS managed rule group; the rules named in `countOnly` count instead of blocking. */
export function managedRule(name: string, priority: number, countOnly: readonly string[]): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    visibilityConfig: visibility(name),
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(countOnly.length > 0
          ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
          : {}),
      },
    },
  };
}
