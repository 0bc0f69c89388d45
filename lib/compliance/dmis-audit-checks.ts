/**
 * DmisAuditChecks: our own cdk-nag pack for what the NIST 800-53 R5 pack misses in this
 * system. It runs at synth next to the three stock packs (bin/app.ts); its findings are
 * errors, acknowledged like any other rule with Validations.of(scope).acknowledge.
 */
import type { CfnResource, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, type NagPackProps, type NagRuleResult } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { withCfnCache } from './cfn-view';
import * as rules from './dmis-audit-rules';

/** One rule of the pack: the function (its name is the id suffix), why it fires, why it matters. */
interface DmisRule {
  readonly rule: (node: CfnResource) => NagRuleResult;
  readonly info: string;
  readonly explanation: string;
}

/** The pack's rules; the NIST control each serves is in docs/security/controls-matrix.md. */
export const DMIS_AUDIT_RULES: readonly DmisRule[] = [
  {
    rule: rules.TableV2PointInTimeRecovery,
    info: 'The TableV2 (GlobalTable) does not enable point-in-time recovery on every replica.',
    explanation:
      'NIST R5 checks PITR only on AWS::DynamoDB::Table; a TableV2 without it cannot be restored after a bad write or deletion (CP-9, AU-9).',
  },
  {
    rule: rules.TableV2DeletionProtection,
    info: 'The TableV2 (GlobalTable) does not enable deletion protection on every replica.',
    explanation: 'Without deletion protection one DeleteTable call removes every audit record at once (AU-9).',
  },
  {
    rule: rules.TableV2CustomerManagedKey,
    info: 'The TableV2 (GlobalTable) is not encrypted with a customer-managed KMS key on every replica.',
    explanation:
      'An AWS-owned or AWS-managed key leaves key policy, rotation and revocation outside the security team’s control (SC-12, SC-28).',
  },
  {
    rule: rules.SecurityLogRetention,
    info: 'The security log group keeps its events less than 7 years and is not exported to the archive bucket.',
    explanation: 'Security logs are audit records and are kept for the records retention period, 7 years (AU-11).',
  },
  {
    rule: rules.SecurityLogEncrypted,
    info: 'The security log group is not encrypted with a KMS key.',
    explanation:
      'Security lines carry actors, targets and source addresses; they are encrypted with the audit key (AU-9, SC-28).',
  },
  {
    rule: rules.ArchiveObjectLockCompliance,
    info: 'The archive bucket does not have Object Lock enabled with a default retention in COMPLIANCE mode.',
    explanation:
      'Only COMPLIANCE mode stops every principal, root included, from deleting or overwriting archived blocks before their retention ends (AU-9(2), AU-11).',
  },
  {
    rule: rules.AuditItemsAppendOnly,
    info: 'A policy allows updating or deleting items of the audit table.',
    explanation:
      'Audit items are append-only: no identity policy or table resource policy may allow UpdateItem, DeleteItem, BatchWriteItem, PartiQLUpdate or PartiQLDelete on the audit table, directly or by wildcard (AU-9, AU-9(4)).',
  },
];

/** The DMIS audit pack: rule ids `DmisAudit-<RuleName>`, all at error level. */
export class DmisAuditChecks extends NagPack {
  public readonly name = 'DmisAudit';

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'DmisAudit';
  }

  /** Validates `scope` with its template views cached for this one run. */
  public override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    return withCfnCache(() => super.validateScope(scope));
  }

  protected checkResource(node: CfnResource): void {
    for (const { rule, info, explanation } of DMIS_AUDIT_RULES) {
      this.applyRule({ rule, info, explanation, level: NagMessageLevel.ERROR, node });
    }
  }
}
