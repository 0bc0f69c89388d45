/** The evidence account's stack, and the checkpoint bucket's replication to it. */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { resolveAuditConfig } from '../../lib/config';
import { readEvidenceStackSource } from '../../lib/evidence-config';
import { EvidenceStack } from '../../lib/evidence-stack';
import { RECORDS_RETENTION_DAYS } from '../../lambdas/core/catalogue';
import { buildAuditStack, SYNTH_TIMEOUT_MS } from './audit-stack-fixture';

const SOURCE = '123456789012';
let evidence: EvidenceStack;
let template: Template;
beforeAll(() => {
  evidence = new EvidenceStack(new App(), 'Evidence', {
    sourceAccount: SOURCE,
    env: { account: '444444444444', region: 'eu-west-1' },
  });
  template = Template.fromStack(evidence);
});

describe('evidence stack', () => {
  it('keeps every replicated checkpoint under Object Lock COMPLIANCE', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: RECORDS_RETENTION_DAYS } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('accepts replication from the trail account only, and denies deletes to everyone', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AcceptCheckpointReplication',
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(`:iam::${SOURCE}:root`)])] } },
            Action: ['s3:ReplicateObject', 's3:ObjectOwnerOverrideToBucketOwner'],
          }),
          Match.objectLike({ Sid: 'DenyDeletingCheckpoints', Effect: 'Deny', Principal: { AWS: '*' } }),
        ]),
      },
    });
  });

  it('finds nothing unacknowledged in the cdk-nag packs', () => {
    const found = [new AwsSolutionsChecks(), new NIST80053R5Checks(), new ServerlessChecks()].flatMap((pack) =>
      pack
        .validateScope(evidence)
        .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`)),
    );
    expect(found).toEqual([]);
  });

  it('is synthesised only with evidenceStack=true and a source account', () => {
    const context = (c: Record<string, unknown>) => (key: string) => c[key];
    expect(readEvidenceStackSource(context({}))).toBeUndefined();
    expect(readEvidenceStackSource(context({ evidenceStack: 'true', sourceAccount: SOURCE }))).toBe(SOURCE);
    expect(() => readEvidenceStackSource(context({ evidenceStack: true }))).toThrow(/sourceAccount/);
  });
});

describe('checkpoint replication from the audit stack', () => {
  it(
    'replicates the checkpoint bucket to the evidence account, owned there',
    () => {
      const config = resolveAuditConfig(
        (key) =>
          ({ evidenceAccount: '444444444444', evidenceBucket: 'dmis-evidence-checkpoints' })[key as 'evidenceAccount'],
      );
      const audit = Template.fromStack(buildAuditStack(config, { bundle: false }).stack);
      audit.hasResourceProperties('AWS::S3::Bucket', {
        ReplicationConfiguration: {
          Rules: [
            Match.objectLike({
              Status: 'Enabled',
              Destination: Match.objectLike({
                Account: '444444444444',
                AccessControlTranslation: { Owner: 'Destination' },
              }),
            }),
          ],
        },
      });
    },
    SYNTH_TIMEOUT_MS,
  );

  it('refuses an evidence bucket without its account', () => {
    expect(() =>
      resolveAuditConfig((key) => ({ evidenceBucket: 'dmis-evidence-checkpoints' })[key as 'evidenceBucket']),
    ).toThrow(/evidenceAccount/);
  });
});
