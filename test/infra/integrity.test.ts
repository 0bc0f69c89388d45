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

/** The lifecycle rule of one retention class's partitions. */
const lifecycleRule = (retentionClass: string, days: number) => ({
  Id: `expire-${retentionClass}-events`,
  Prefix: `events/retention=${retentionClass}/`,
  Status: 'Enabled',
  ExpirationInDays: days,
  NoncurrentVersionExpiration: { NoncurrentDays: 1 },
});

describe('block signing key', () => {
  it('is an ECC_NIST_P256 signing key kept on stack deletion', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
      DeletionPolicy: 'Retain',
    });
  });
});

describe('archive bucket', () => {
  it('locks objects in COMPLIANCE mode by default for the shortest class, versioned, KMS-encrypted, logged, private', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 31 } },
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

  it('expires each retention class under its own prefix, current and noncurrent versions', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      LifecycleConfiguration: {
        Rules: [
          lifecycleRule('security', RECORDS_RETENTION_DAYS + 1),
          lifecycleRule('application', RECORDS_RETENTION_DAYS + 1),
          lifecycleRule('system', 366),
          lifecycleRule('debug', 31),
          Match.objectLike({ Id: 'expire-blocks', Prefix: 'blocks/', ExpirationInDays: RECORDS_RETENTION_DAYS + 1 }),
        ],
      },
    });
  });

  it('keeps block files and the records classes for the archiveRetentionYears prop', () => {
    const stack = new Stack(new App(), 'Archive');
    new AuditArchive(stack, 'Archive', { encryptionKey: new kms.Key(stack, 'Key'), retentionYears: 10 });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          lifecycleRule('security', 3654),
          Match.objectLike({ Id: 'expire-blocks', ExpirationInDays: 3654 }),
        ]),
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

  it('may set each object\'s own lock, and list only under events/ to resume a crashed seal', () => {
    const statements = statementsOfRole(template, /audit-sealer/);
    expect(statements.some((s) => actionsOf(s).includes('s3:PutObjectRetention'))).toBe(true);
    const lists = statements.filter((s) => actionsOf(s).includes('s3:ListBucket'));
    expect(lists).toEqual([expect.objectContaining({ Condition: { StringLike: { 's3:prefix': ['events/*'] } } })]);
  });

  it('has no action that changes or deletes an existing item or object', () => {
    // s3:PutObjectRetention lets a put carry its lock; in COMPLIANCE mode a lock can only be extended.
    const actions = statementsOfRole(template, /audit-sealer/).flatMap(actionsOf);
    expect(
      actions.filter((a) => /UpdateItem|DeleteItem|BatchWriteItem|DeleteObject|BypassGovernance|PutBucket/.test(a)),
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
