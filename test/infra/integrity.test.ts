/** Tamper evidence in the stack: signing key, Object Lock archive, sealer and verifier, and their grants. */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { AuditArchive } from '../../lib/constructs/audit-archive';
import { RECORDS_RETENTION_DAYS } from '../../lambdas/core/catalogue';
import { actionsOf, buildAuditStack, onlyResourceId, statementsOfRole, SYNTH_TIMEOUT_MS } from './audit-stack-fixture';

let template: Template;
beforeAll(() => {
  template = Template.fromStack(buildAuditStack().stack);
}, SYNTH_TIMEOUT_MS);

const idOf = (type: string, props: Record<string, unknown>): string => onlyResourceId(template, type, props);

describe('block signing key', () => {
  it('is an ECC_NIST_P256 signing key kept on stack deletion', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
      DeletionPolicy: 'Retain',
    });
  });
});

describe('archive bucket', () => {
  it('locks objects in COMPLIANCE mode for the configured years, versioned, KMS-encrypted, logged, private', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: RECORDS_RETENTION_DAYS } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('refuses requests without TLS', () => {
    const bucketId = idOf('AWS::S3::Bucket', { ObjectLockEnabled: true, LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'archive/' }) });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('takes its retention from the archiveRetentionYears prop', () => {
    const stack = new Stack(new App(), 'Archive');
    new AuditArchive(stack, 'Archive', { encryptionKey: new kms.Key(stack, 'Key'), retentionYears: 10 });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3653 } },
      },
    });
  });

  it('rejects a retention that is not a whole number of years', () => {
    const stack = new Stack(new App(), 'Archive');
    const encryptionKey = new kms.Key(stack, 'Key');
    expect(() => new AuditArchive(stack, 'Archive', { encryptionKey, retentionYears: 0.5 })).toThrow(/retentionYears/);
  });
});

describe('sealer', () => {
  it('runs every minute, one run at a time', () => {
    const fnId = idOf('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'audit-sealer' }) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'audit-sealer' }) },
      ReservedConcurrentExecutions: 1,
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(* * * * ? *)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] } })],
    });
  });

  it('may put table items only under the BLOCK partition key', () => {
    const puts = statementsOfRole(template, /audit-sealer/).filter((s) => actionsOf(s).includes('dynamodb:PutItem'));
    expect(puts).toEqual([
      expect.objectContaining({ Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['BLOCK'] } } }),
    ]);
  });

  it('may sign with the signing key only, and put archive objects', () => {
    const keyId = idOf('AWS::KMS::Key', { KeyUsage: 'SIGN_VERIFY' });
    const statements = statementsOfRole(template, /audit-sealer/);
    const signs = statements.filter((s) => actionsOf(s).includes('kms:Sign'));
    expect(signs).toEqual([expect.objectContaining({ Resource: { 'Fn::GetAtt': [keyId, 'Arn'] } })]);
    expect(statements.some((s) => actionsOf(s).includes('s3:PutObject'))).toBe(true);
  });

  it('has no action that changes or deletes an existing item or object', () => {
    const actions = statementsOfRole(template, /audit-sealer/).flatMap(actionsOf);
    expect(
      actions.filter((a) =>
        /UpdateItem|DeleteItem|BatchWriteItem|DeleteObject|PutObjectRetention|BypassGovernance/.test(a),
      ),
    ).toEqual([]);
  });
});

describe('verifier', () => {
  it('runs daily', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(30 2 * * ? *)' });
  });

  it('reads the public key but cannot sign', () => {
    const actions = statementsOfRole(template, /audit-verifier/).flatMap(actionsOf);
    expect(actions).toContain('kms:GetPublicKey');
    expect(actions).not.toContain('kms:Sign');
  });
});
