/**
 * The cdk-nag packs that run at synth (bin/app.ts) find nothing unacknowledged in the
 * stack, for every kind of configuration a user can set (test/infra/config-matrix.ts): a
 * finding that only some settings produce (e-mail subscriptions, prod principals) would
 * otherwise fail that user's synth. A new finding fails this test until it is fixed or
 * acknowledged with a reason.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks, type NagPack } from 'cdk-nag';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { DmisAuditChecks } from '../../lib/compliance/dmis-audit-checks';
import type { AuditStack } from '../../lib/audit-stack';
import { buildAuditStack, SYNTH_TIMEOUT_MS } from './audit-stack-fixture';
import { configMatrix } from './config-matrix';

const packs = (): NagPack[] => [new AwsSolutionsChecks(), new NIST80053R5Checks(), new ServerlessChecks(), new DmisAuditChecks()];

/** `rule at path` for every violation, so a failure names what to fix. */
function findings(pack: NagPack, scope: Stack): string[] {
  return pack
    .validateScope(scope)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
}

describe.each(configMatrix())('cdk-nag, %s', (_name, config) => {
  let stack: AuditStack;
  beforeAll(() => {
    // The template is what the packs read: skip esbuild so nine configurations synthesise quickly.
    stack = buildAuditStack(config, { bundle: false }).stack;
  }, SYNTH_TIMEOUT_MS);

  it('finds nothing unacknowledged in any pack', () => {
    const found = packs().flatMap((pack) => findings(pack, stack));

    expect(found).toEqual([]);
  });
});

describe('cdk-nag check', () => {
  it('reports a finding that nobody acknowledged (the check is live)', () => {
    const stack = new Stack(new App(), 'Unacknowledged');
    new s3.Bucket(stack, 'Bucket');

    expect(findings(new AwsSolutionsChecks(), stack)).toContain('AwsSolutions-S10 at Unacknowledged/Bucket/Resource');
  });
});
