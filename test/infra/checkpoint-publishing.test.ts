/** Checkpoint publication in the stack: the Object Lock bucket, and who may write which prefix. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { RECORDS_RETENTION_DAYS } from '../../lambdas/core/catalogue';
import { buildAuditStack, onlyResourceId, statementsOfRole, SYNTH_TIMEOUT_MS } from './audit-stack-fixture';

let template: Template;
beforeAll(() => {
  template = Template.fromStack(buildAuditStack().stack);
}, SYNTH_TIMEOUT_MS);

const bucketId = (): string =>
  onlyResourceId(template, 'AWS::S3::Bucket', {
    LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'checkpoints/' }),
  });

/** Object ARNs (as CloudFormation Join parts) a role may call `action` on. */
function prefixesFor(role: RegExp, action: string): string[] {
  return statementsOfRole(template, role)
    .filter((s) => [s.Action].flat().includes(action))
    .flatMap((s) => [s.Resource].flat())
    .map((r) => JSON.stringify(r))
    .filter((r) => r.includes(bucketId()));
}

describe('checkpoint bucket', () => {
  it('locks every note version in COMPLIANCE mode, KMS-encrypted and logged', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: RECORDS_RETENTION_DAYS } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'checkpoints/' }),
    });
  });

  it('denies deleting any note to every principal', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DenyDeletingCheckpoints',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
          }),
        ]),
      },
    });
  });

  it('lets the sealer write checkpoints/ only, and the verifier verified/ only', () => {
    const sealerPuts = prefixesFor(/audit-sealer/, 's3:PutObject');
    const verifierPuts = prefixesFor(/audit-verifier/, 's3:PutObject');
    expect(sealerPuts.length).toBeGreaterThan(0);
    expect(sealerPuts.every((r) => r.includes('checkpoints/*'))).toBe(true);
    expect(verifierPuts.length).toBeGreaterThan(0);
    expect(verifierPuts.every((r) => r.includes('verified/*'))).toBe(true);
  });

  it('names the bucket to the sealer', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Seals each closed minute'),
      Environment: { Variables: Match.objectLike({ CHECKPOINT_BUCKET: { Ref: bucketId() } }) },
    });
  });
});
