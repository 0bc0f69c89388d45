/**
 * The web ACL in front of the API: an allow-list of DMIS egress ranges (when configured),
 * AWS's IP reputation list, a per-IP rate limit, the common rule set and the known-bad-inputs
 * and SQL injection groups (lib/constructs/waf-hardening.ts). Body-inspecting rules only count: audit events legitimately carry
 * attack strings (a recorded XSS or path-traversal attempt is evidence) and batches up
 * to 1 MB, so blocking on body content would drop exactly the events that matter.
 */
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { WAF_LOG_GROUP_PREFIX } from '../compliance/audit-resources';
import { allowListRule, extraManagedRules, managedRule, visibility, WAF_REDACTED_FIELDS } from './waf-hardening';

/** Props of {@link AuditWaf}. */
export interface AuditWafProps {
  /** The API stage to protect. */
  readonly stage: apigw.Stage;
  /** Used in the WAF log group's name, which WAF requires to start with `aws-waf-logs-`. */
  readonly name: string;
  /** Requests per source IP per 5 minutes before WAF blocks it. @default 10000 */
  readonly ratePerIpPer5Minutes?: number;
  /** Key that encrypts the WAF log group. */
  readonly logEncryptionKey: kms.IKey;
  /** Retention of the WAF log group. */
  readonly logRetention: logs.RetentionDays;
  /** DMIS egress CIDR ranges allowed before any other rule (config `allowListedCidrs`). @default - none */
  readonly allowListedCidrs?: readonly string[];
}

const BODY_RULES = [
  'SizeRestrictions_BODY',
  'CrossSiteScripting_BODY',
  'GenericLFI_BODY',
  'GenericRFI_BODY',
  'EC2MetaDataSSRF_BODY',
];

/** A regional web ACL associated with the API stage, logging to an encrypted log group. */
export class AuditWaf extends Construct {
  /** The web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: AuditWafProps) {
    super(scope, id);
    const limit = props.ratePerIpPer5Minutes ?? 10_000;
    if (!Number.isInteger(limit) || limit < 100)
      throw new Error('AuditWaf: ratePerIpPer5Minutes must be an integer of at least 100');
    if (!/^[\w-]{1,64}$/.test(props.name)) throw new Error('AuditWaf: name must be 1-64 letters, digits, "_" or "-"');
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('AuditApi'),
      rules: webAclRules(this, limit, props.allowListedCidrs ?? []),
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
    this.addLogging(props);
  }

  /** Logs every request WAF sees, minus the SigV4 credentials and cookies in the headers. */
  private addLogging(props: AuditWafProps): void {
    // A physical name because WAF only logs to groups named aws-waf-logs-*.
    const logGroupName = `${WAF_LOG_GROUP_PREFIX}${props.name}`;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName,
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      // Kept on deletion, but not after a failed first create: its fixed name would make the retry fail.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    const logGroupArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const config = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [logGroupArn],
      redactedFields: WAF_REDACTED_FIELDS,
    });
    config.node.addDependency(logGroup);
  }
}

/**
 * The rules in evaluation order. The allow-list has priority 0 so DMIS's own egress is never
 * rate-limited or reputation-blocked; the others keep their priorities whether it exists or not.
 */
function webAclRules(scope: Construct, limit: number, allowListedCidrs: readonly string[]): wafv2.CfnWebACL.RuleProperty[] {
  const allow = allowListRule(scope, allowListedCidrs, 0);
  return [
    ...(allow ? [allow] : []),
    managedRule('AWSManagedRulesAmazonIpReputationList', 1, []),
    {
      name: 'RatePerIp',
      priority: 2,
      action: { block: {} },
      visibilityConfig: visibility('RatePerIp'),
      statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP' } },
    },
    managedRule('AWSManagedRulesCommonRuleSet', 3, BODY_RULES),
    ...extraManagedRules(4),
  ];
}
