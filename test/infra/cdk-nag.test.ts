/**
 * The cdk-nag packs that run at synth (bin/app.ts) find nothing unacknowledged in the
 * stack. A new finding fails this test until it is fixed or acknowledged with a reason.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks, type NagPack } from 'cdk-nag';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditStack } from '../../lib/audit-stack';
import { buildAuditStack, SYNTH_TIMEOUT_MS } from './audit-stack-fixture';

const packs = (): NagPack[] => [new AwsSolutionsChecks(), new NIST80053R5Checks(), new ServerlessChecks()];

/** `rule at path` for every violation, so a failure names what to fix. */
function findings(pack: NagPack, scope: Stack): string[] {
  return pack
    .validateScope(scope)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
}

describe('cdk-nag', () => {
  let stack: AuditStack;
  beforeAll(() => {
    stack = buildAuditStack().stack;
  }, SYNTH_TIMEOUT_MS);

  it.each(packs().map((p) => [p.readPackName, p] as const))(
    '%s finds nothing unacknowledged in the audit stack',
    (_name, pack) => {
      expect(findings(pack, stack)).toEqual([]);
    },
  );

  it('reports a finding that nobody acknowledged (the check is live)', () => {
    const stack = new Stack(new App(), 'Unacknowledged');
    new s3.Bucket(stack, 'Bucket');

    expect(findings(new AwsSolutionsChecks(), stack)).toContain('AwsSolutions-S10 at Unacknowledged/Bucket/Resource');
  });
});
