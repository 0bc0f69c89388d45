/** The data path: key, append-only table, backups, and what every audit function shares and may do. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { AUDIT_TABLE } from '../../lambdas/adapters/dynamodb/table-schema';
import { FORBIDDEN_ITEM_ACTIONS } from '../../lib/compliance/append-only';
import { AuditTable } from '../../lib/constructs/audit-table';
import type { AuditFunction } from '../../lib/constructs/audit-function';
import type { AuditStack } from '../../lib/audit-stack';
import {
  auditFunctionsOf,
  buildAuditStack,
  environmentOf,
  logicalIdOf,
  statementsOfRole,
  statementsOfRoleId,
  SYNTH_TIMEOUT_MS,
} from './audit-stack-fixture';

let stack: AuditStack;
beforeAll(() => {
  stack = buildAuditStack().stack;
}, SYNTH_TIMEOUT_MS);

describe('audit table', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(stack);
  }, SYNTH_TIMEOUT_MS);

  it('uses the keys and indexes of the shared table schema, each index with its projection', () => {
    const indexes = AUDIT_TABLE.indexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: i.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection:
        i.projection.type === 'KEYS_ONLY'
          ? { ProjectionType: 'KEYS_ONLY' }
          : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...i.projection.attributes] },
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
  let functions: AuditFunction[];
  beforeAll(() => {
    template = Template.fromStack(stack);
    functions = auditFunctionsOf(stack);
  }, SYNTH_TIMEOUT_MS);

  it('are all AuditFunctions: Node.js 22 on arm64 with tracing, explicit memory and timeout', () => {
    const conforming = template.findResources('AWS::Lambda::Function', {
      Properties: {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: Match.anyValue(),
        Timeout: Match.anyValue(),
        Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: Match.anyValue() }) },
      },
    });
    const all = Object.keys(template.findResources('AWS::Lambda::Function')).sort();
    expect([Object.keys(conforming).sort(), functions.map((f) => logicalIdOf(f.function)).sort()]).toEqual([all, all]);
  });

  it('are told the table name when their role may read or write its items', () => {
    const auditTable = stack.node.findAll().find((c): c is AuditTable => c instanceof AuditTable);
    const tableId = logicalIdOf(auditTable?.table ?? stack);
    const itemUsers = functions.filter((f) =>
      statementsOfRoleId(template, logicalIdOf(f.role)).some(
        (s) => JSON.stringify(s.Resource).includes(tableId) && /dynamodb:(GetItem|PutItem|Query)/.test(JSON.stringify(s.Action)),
      ),
    );
    const withTableName = functions.filter((f) => 'TABLE_NAME' in environmentOf(template, f));
    expect(itemUsers.length).toBeGreaterThan(0);
    expect(withTableName.map((f) => f.node.path)).toEqual(itemUsers.map((f) => f.node.path));
  });

  it('log to their own encrypted log groups with a retention', () => {
    template.allResourcesProperties('AWS::Logs::LogGroup', {
      RetentionInDays: Match.anyValue(),
      KmsKeyId: Match.anyValue(),
    });
    const logGroups = Object.values(template.findResources('AWS::Lambda::Function')).map((f) =>
      JSON.stringify((f as { Properties: { LoggingConfig?: { LogGroup?: unknown } } }).Properties.LoggingConfig?.LogGroup),
    );
    expect(new Set(logGroups).size).toBe(functions.length);
    expect(logGroups).not.toContain(undefined);
  });

  // The subject key store is a table of its own (test/infra/privacy.test.ts covers its grants).
  const onAuditTable = (s: Record<string, unknown>) => !JSON.stringify(s.Resource ?? '').includes('PersonalDataKeyStore');

  it('let the ingest function only put and get event items', () => {
    const statements = statementsOfRole(template, /audit-ingest/).filter(onAuditTable);
    const dynamo = statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(dynamo).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['EVENT#*'] } },
      }),
    ]);
  });

  it('let the query function read items and append nothing but event items', () => {
    const actions = statementsOfRole(template, /audit-query/).filter(onAuditTable).flatMap((s) => [s.Action].flat());
    const dynamo = new Set(actions.map(String).filter((a) => a.startsWith('dynamodb:')));
    // BatchGetItem: a search page's events are read whole from the table (lean index projections).
    expect([...dynamo].sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
  });

  it('let the query function put only under event keys (its audit.read and audit.export records)', () => {
    const puts = statementsOfRole(template, /audit-query/)
      .filter(onAuditTable)
      .filter((s) => [s.Action].flat().includes('dynamodb:PutItem'));
    expect(puts).toEqual([
      expect.objectContaining({
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['EVENT#*'] } },
      }),
    ]);
  });
});
