/** The data path: key, append-only table, backups and the two functions' grants. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_TABLE } from '../../lambdas/adapters/dynamodb/table-schema';
import { FORBIDDEN_ITEM_ACTIONS } from '../../lib/constructs/audit-table';
import type { AuditStack } from '../../lib/audit-stack';
import { buildAuditStack, statementsOfRole, SYNTH_TIMEOUT_MS } from './audit-stack-fixture';

let stack: AuditStack;
beforeAll(() => {
  stack = buildAuditStack().stack;
}, SYNTH_TIMEOUT_MS);

describe('audit table', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(stack);
  }, SYNTH_TIMEOUT_MS);

  it('uses the keys and indexes of the shared table schema, every index projecting ALL', () => {
    const indexes = AUDIT_TABLE.indexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: i.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: AUDIT_TABLE.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: AUDIT_TABLE.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: indexes,
    });
  });

  it('has a NEW_IMAGE stream, PITR, deletion protection and TTL on the expiry attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: AUDIT_TABLE.timeToLiveAttribute, Enabled: true },
    });
  });

  it('is encrypted with the customer-managed key, which rotates', () => {
    const keyId = Object.keys(template.findResources('AWS::KMS::Key', { Properties: { EnableKeyRotation: true } }))[0];
    expect(keyId).toBeDefined();
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
  });

  it('denies every item-changing action to every principal in its resource policy', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      ResourcePolicy: {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: [...FORBIDDEN_ITEM_ACTIONS].sort(),
              Resource: '*',
            }),
          ]),
        },
      },
    });
  });

  it('is retained when the stack is deleted', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('is selected by an AWS Backup plan', () => {
    const tableId = Object.keys(template.findResources('AWS::DynamoDB::Table'))[0] as string;
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [tableId, 'Arn'] }] }),
    });
  });
});

describe('functions', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(stack);
  }, SYNTH_TIMEOUT_MS);

  it('run Node.js 22 on arm64 with tracing, explicit memory and timeout, and the table name', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: Match.anyValue(),
        Timeout: Match.anyValue(),
        Environment: {
          Variables: Match.objectLike({ TABLE_NAME: Match.anyValue(), POWERTOOLS_SERVICE_NAME: Match.anyValue() }),
        },
      },
    });
    expect(Object.keys(functions)).toHaveLength(2);
  });

  it('log to their own encrypted log groups with a retention', () => {
    template.resourcePropertiesCountIs(
      'AWS::Logs::LogGroup',
      { RetentionInDays: Match.anyValue(), KmsKeyId: Match.anyValue() },
      4,
    );
    template.allResourcesProperties('AWS::Lambda::Function', {
      LoggingConfig: Match.objectLike({ LogGroup: Match.anyValue() }),
    });
  });

  it('let the ingest function only put and get event items', () => {
    const statements = statementsOfRole(template, /audit-ingest/);
    const dynamo = statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(dynamo).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['EVENT#*'] } },
      }),
    ]);
  });

  it('let the query function only read', () => {
    const actions = statementsOfRole(template, /audit-query/).flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => String(a).startsWith('dynamodb:')).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
  });
});
