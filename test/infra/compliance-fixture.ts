/**
 * Small stacks for testing the DmisAudit pack rule by rule: a fresh stack with a key,
 * and the pack's findings as `rule at path`, so a failure names what fired where.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IConstruct } from 'constructs';
import { DmisAuditChecks } from '../../lib/compliance/dmis-audit-checks';

/** A stack in a fixed account and region, so ARNs the rules read are concrete. */
export function aStack(): Stack {
  return new Stack(new App(), 'Rules', { env: { account: '123456789012', region: 'eu-west-1' } });
}

/** A customer-managed key in the stack. */
export function aKey(stack: Stack): kms.Key {
  return new kms.Key(stack, 'Key');
}

/** `DmisAudit-Rule at Construct/Path` for every unacknowledged finding under `scope`. */
export function dmisFindings(scope: IConstruct): string[] {
  return new DmisAuditChecks()
    .validateScope(scope)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`))
    .sort();
}

/** Findings of one rule only, so a test about one rule is not muddied by the others. */
export function findingsOfRule(scope: IConstruct, rule: string): string[] {
  return dmisFindings(scope).filter((f) => f.startsWith(`DmisAudit-${rule} `) || f.startsWith(`DmisAudit-${rule}[`));
}
