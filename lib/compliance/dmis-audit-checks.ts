/**
 * DmisAuditChecks: our own cdk-nag pack for what the NIST 800-53 R5 pack misses in this
 * system. It runs at synth next to the three stock packs (bin/app.ts); its findings are
 * errors, acknowledged like any other rule with Validations.of(scope).acknowledge.
 */
import type { CfnResource, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, type NagPackProps, type NagRuleResult } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { RECORDS_RETENTION_YEARS } from '../../lambdas/core/catalogue';
import { FORBIDDEN_ITEM_ACTIONS } from './append-only';
import { withCfnCache } from './cfn-view';
import * as rules from './dmis-audit-rules';

/** One rule of the pack: the function (its name is the id suffix), why it fires, why it matters. */
interface DmisRule {
  readonly rule: (node: CfnResource) => NagRuleResult;
  readonly info: string;
  readonly explanation: string;
}

const actionList = FORBIDDEN_ITEM_ACTIONS.map((a) => a.replace('dynamodb:', '')).join(', ');

/** The pack's rules; the NIST control each serves is in docs/security/controls-matrix.md. */
const DMIS_AUDIT_RULES: readonly DmisRule[] = [
  {
    rule: rules.SecurityLogRetention,
    info: `The security log group keeps its events less than ${RECORDS_RETENTION_YEARS} years and is not exported to the archive bucket.`,
    explanation: `Security logs are audit records and are kept for the records retention period, ${RECORDS_RETENTION_YEARS} years (AU-11).`,
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
    info: 'A policy allows changing items of the audit table, or the table does not deny every item change to everyone.',
    explanation:
      `Audit items are append-only: the table's own resource policy denies ${actionList} to every principal, and no identity policy or table resource policy may allow any of them, directly or by wildcard (AU-9, AU-9(4)).`,
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
