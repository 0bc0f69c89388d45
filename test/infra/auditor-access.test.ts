/** Auditor access in the stack: the cursor HMAC key, the export bucket, the query function's env and grants. */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ExportBucket } from '../../lib/constructs/export-bucket';
import { actionsOf, buildAuditStack, onlyResourceId, statementsOfRole, SYNTH_TIMEOUT_MS } from './audit-stack-fixture';

let template: Template;
beforeAll(() => {
  template = Template.fromStack(buildAuditStack().stack);
}, SYNTH_TIMEOUT_MS);

/** The export bucket, told from the other buckets with a lifecycle by its rule for exports/. */
const EXPORT_BUCKET = { LifecycleConfiguration: { Rules: [Match.objectLike({ Prefix: 'exports/' })] } };
const idOf = (type: string, props: Record<string, unknown>): string => onlyResourceId(template, type, props);
const statementsWith = (action: string) =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
    (p as { Properties: { PolicyDocument: { Statement: Array<Record<string, unknown>> } } }).Properties.PolicyDocument.Statement.filter(
      (s) => actionsOf(s).includes(action),
    ),
  );

/** The search cursor key, told apart from the other HMAC key (blind indexes) by its description. */
const CURSOR_KEY = { KeySpec: 'HMAC_256', Description: 'DMIS audit trail search cursor key' };

describe('cursor key', () => {
  it('is a KMS HMAC_256 key for generating and verifying MACs', () => {
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
  });

  it('may be used for GenerateMac by the query function and no other', () => {
    const keyId = idOf('AWS::KMS::Key', CURSOR_KEY);
    // The blind-index key is an HMAC key too, with its own grants (test/infra/privacy.test.ts).
    const onCursorKey = (s: Record<string, unknown>) => JSON.stringify(s.Resource).includes(keyId);
    const query = statementsOfRole(template, /audit-query/).filter((s) => actionsOf(s).includes('kms:GenerateMac') && onCursorKey(s));
    expect(query).toHaveLength(1);
    expect(statementsWith('kms:GenerateMac').filter(onCursorKey)).toEqual(query);
  });
});

describe('export bucket', () => {
  it('is KMS-encrypted, TLS-only by policy, private, versioned and logged to the access-log bucket', () => {
    const logsId = idOf('AWS::S3::Bucket', { LifecycleConfiguration: Match.absent(), ObjectLockEnabled: Match.absent() });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'exports/' },
      LifecycleConfiguration: Match.anyValue(),
    });
  });

  it('deletes exports after one day', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Prefix: 'exports/', ExpirationInDays: 1, Status: 'Enabled' })],
      },
    });
  });

  it('lets the query function put and get objects under exports/ only', () => {
    const bucketId = idOf('AWS::S3::Bucket', EXPORT_BUCKET);
    // Athena's results bucket has its own grant (test/infra/archive-query-wiring.test.ts).
    const puts = statementsOfRole(template, /audit-query/).filter(
      (s) => actionsOf(s).includes('s3:PutObject') && JSON.stringify(s.Resource).includes(bucketId),
    );
    expect(puts).toEqual([
      expect.objectContaining({
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/exports/*']] },
      }),
    ]);
  });

  it('rejects an expiry longer than a month', () => {
    const stack = new Stack(new App(), 'ExportProps');
    const props = { encryptionKey: new kms.Key(stack, 'Key'), accessLogs: new s3.Bucket(stack, 'Logs') };

    expect(() => new ExportBucket(stack, 'Exports', { ...props, expiryDays: 90 })).toThrow(/expiryDays/);
  });
});

describe('query function', () => {
  it('has 29 s, 1024 MB and the cursor key, export bucket and export key in its environment', () => {
    const cursorKeyId = idOf('AWS::KMS::Key', CURSOR_KEY);
    const bucketId = idOf('AWS::S3::Bucket', EXPORT_BUCKET);
    const dataKeyId = idOf('AWS::KMS::Key', { Description: 'DMIS audit trail data key' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 29,
      MemorySize: 1024,
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'audit-query',
          CURSOR_KEY_ID: { 'Fn::GetAtt': [cursorKeyId, 'Arn'] },
          EXPORT_BUCKET: { Ref: bucketId },
          EXPORT_KEY_ID: { 'Fn::GetAtt': [dataKeyId, 'Arn'] },
        }),
      },
    });
  });

  it('may encrypt and decrypt with the export key', () => {
    const dataKeyId = idOf('AWS::KMS::Key', { Description: 'DMIS audit trail data key' });
    const onKey = statementsOfRole(template, /audit-query/)
      // The grant may share a statement with other keys' grants of the same actions.
      .filter((s) => JSON.stringify(s.Resource).includes(JSON.stringify({ 'Fn::GetAtt': [dataKeyId, 'Arn'] })))
      .flatMap(actionsOf);
    expect(onKey).toEqual(expect.arrayContaining(['kms:GenerateDataKey', 'kms:Decrypt']));
  });
});
