/**
 * DmisAudit-AuditItemsAppendOnly: no identity policy and no table resource policy may
 * allow changing audit items, by name or by wildcard, and the table's own policy must deny
 * every such action (the one list in lib/compliance/append-only.ts) to everyone. Uses the real
 * AuditTable construct, so the audit table is recognised as the stack builds it.
 */
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from '@jest/globals';
import { FORBIDDEN_ITEM_ACTIONS } from '../../lib/compliance/append-only';
import { AuditTable } from '../../lib/constructs/audit-table';
import { aKey, aStack, findingsOfRule } from './compliance-fixture';

const RULE = 'AuditItemsAppendOnly';

function withAuditTable(): { stack: Stack; table: AuditTable; role: iam.Role } {
  const stack = aStack();
  const table = new AuditTable(stack, 'Audit', { encryptionKey: aKey(stack) });
  const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
  return { stack, table, role };
}

describe('DmisAudit-AuditItemsAppendOnly', () => {
  it('passes the AuditTable with its append and read grants', () => {
    const { stack, table, role } = withAuditTable();
    table.grantAppendEvents(role);
    table.grantReadEvents(role);

    expect(findingsOfRule(stack, RULE)).toEqual([]);
  });

  it('flags a grant of UpdateItem and DeleteItem on the audit table, naming each action', () => {
    const { stack, table, role } = withAuditTable();
    table.table.grant(role, 'dynamodb:UpdateItem', 'dynamodb:DeleteItem');

    expect(findingsOfRule(stack, RULE)).toEqual([
      'DmisAudit-AuditItemsAppendOnly[Action::dynamodb:DeleteItem] at Rules/Caller/DefaultPolicy/Resource',
      'DmisAudit-AuditItemsAppendOnly[Action::dynamodb:UpdateItem] at Rules/Caller/DefaultPolicy/Resource',
    ]);
  });

  it('flags grantReadWriteData (BatchWriteItem, UpdateItem, DeleteItem through the CDK grant)', () => {
    const { stack, table, role } = withAuditTable();
    table.table.grantReadWriteData(role);

    expect(findingsOfRule(stack, RULE)).toContain(
      'DmisAudit-AuditItemsAppendOnly[Action::dynamodb:BatchWriteItem] at Rules/Caller/DefaultPolicy/Resource',
    );
  });

  it('flags dynamodb:* on every resource', () => {
    const { stack, role } = withAuditTable();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));

    expect(findingsOfRule(stack, RULE)).toHaveLength(FORBIDDEN_ITEM_ACTIONS.length);
  });

  it('flags a PartiQL wildcard on a table/* ARN built from pseudo parameters', () => {
    const { stack, role } = withAuditTable();
    const anyTable = stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: '*' });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:PartiQL*'], resources: [anyTable] }));

    expect(findingsOfRule(stack, RULE)).toEqual([
      'DmisAudit-AuditItemsAppendOnly[Action::dynamodb:PartiQLDelete] at Rules/Caller/DefaultPolicy/Resource',
      'DmisAudit-AuditItemsAppendOnly[Action::dynamodb:PartiQLInsert] at Rules/Caller/DefaultPolicy/Resource',
      'DmisAudit-AuditItemsAppendOnly[Action::dynamodb:PartiQLUpdate] at Rules/Caller/DefaultPolicy/Resource',
    ]);
  });

  it('passes a wildcard scoped to tables of another name', () => {
    const { stack, role } = withAuditTable();
    const otherTables = stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: 'dmis-cache-*' });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: [otherTables] }));

    expect(findingsOfRule(stack, RULE)).toEqual([]);
  });

  it('flags an Allow with NotAction that leaves DeleteItem in', () => {
    const { stack, role } = withAuditTable();
    role.addToPolicy(
      new iam.PolicyStatement({
        notActions: ['dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQL*'],
        resources: ['*'],
      }),
    );

    expect(findingsOfRule(stack, RULE)).toEqual([
      'DmisAudit-AuditItemsAppendOnly[Action::dynamodb:DeleteItem] at Rules/Caller/DefaultPolicy/Resource',
    ]);
  });

  it('passes item changes on another table (the detector counters are not audit items)', () => {
    const { stack, role } = withAuditTable();
    const counters = new dynamodb.Table(stack, 'Counters', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    counters.grant(role, 'dynamodb:UpdateItem', 'dynamodb:DeleteItem');

    expect(findingsOfRule(stack, RULE)).toEqual([]);
  });

  it("flags an Allow of DeleteItem in the audit table's own resource policy", () => {
    const { stack, table } = withAuditTable();
    table.table.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:DeleteItem'],
        principals: [new iam.AccountRootPrincipal()],
        resources: ['*'],
      }),
    );

    expect(findingsOfRule(stack, RULE)).toEqual([
      'DmisAudit-AuditItemsAppendOnly[Action::dynamodb:DeleteItem] at Rules/Audit/Table/Resource',
    ]);
  });

  it('flags an audit table whose own policy stops denying one of the forbidden actions', () => {
    const { stack, table } = withAuditTable();
    const cfnTable = table.table.node.defaultChild as dynamodb.CfnTable;
    const allButInsert = FORBIDDEN_ITEM_ACTIONS.filter((a) => a !== 'dynamodb:PartiQLInsert');
    cfnTable.addPropertyOverride('ResourcePolicy.PolicyDocument.Statement.0.Action', allButInsert);

    expect(findingsOfRule(stack, RULE)).toEqual([
      'DmisAudit-AuditItemsAppendOnly[NotDenied::dynamodb:PartiQLInsert] at Rules/Audit/Table/Resource',
    ]);
  });
});
