/**
 * DmisAudit TableV2 rules: point-in-time recovery, deletion protection and a
 * customer-managed key, each on a compliant and a non-compliant TableV2.
 */
import { Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from '@jest/globals';
import { aKey, aStack, findingsOfRule } from './compliance-fixture';

const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };

function compliantTable(): dynamodb.TableV2 {
  const stack = aStack();
  return new dynamodb.TableV2(stack, 'Table', {
    partitionKey,
    encryption: dynamodb.TableEncryptionV2.customerManagedKey(aKey(stack)),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
  });
}

function bareTable(props: Partial<dynamodb.TablePropsV2> = {}): dynamodb.TableV2 {
  return new dynamodb.TableV2(aStack(), 'Table', { partitionKey, ...props });
}

describe('DmisAudit TableV2 rules', () => {
  it.each(['TableV2PointInTimeRecovery', 'TableV2DeletionProtection', 'TableV2CustomerManagedKey'])(
    '%s passes a TableV2 with PITR, deletion protection and a customer-managed key',
    (rule) => {
      const table = compliantTable();

      expect(findingsOfRule(table.stack, rule)).toEqual([]);
    },
  );

  it('TableV2PointInTimeRecovery flags a TableV2 without PITR', () => {
    const table = bareTable({ deletionProtection: true });

    expect(findingsOfRule(table.stack, 'TableV2PointInTimeRecovery')).toEqual([
      'DmisAudit-TableV2PointInTimeRecovery at Rules/Table/Resource',
    ]);
  });

  it('TableV2DeletionProtection flags a TableV2 without deletion protection', () => {
    const table = bareTable({ pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true } });

    expect(findingsOfRule(table.stack, 'TableV2DeletionProtection')).toEqual([
      'DmisAudit-TableV2DeletionProtection at Rules/Table/Resource',
    ]);
  });

  it('TableV2CustomerManagedKey flags a TableV2 on the AWS-owned key', () => {
    const table = bareTable({ encryption: dynamodb.TableEncryptionV2.dynamoOwnedKey() });

    expect(findingsOfRule(table.stack, 'TableV2CustomerManagedKey')).toEqual([
      'DmisAudit-TableV2CustomerManagedKey at Rules/Table/Resource',
    ]);
  });

  it('TableV2CustomerManagedKey flags a TableV2 on the AWS-managed key', () => {
    const table = bareTable({ encryption: dynamodb.TableEncryptionV2.awsManagedKey() });

    expect(findingsOfRule(table.stack, 'TableV2CustomerManagedKey')).toEqual([
      'DmisAudit-TableV2CustomerManagedKey at Rules/Table/Resource',
    ]);
  });

  it('an acknowledgement with a reason silences exactly that rule', () => {
    const table = bareTable();
    Validations.of(table).acknowledge({ id: 'DmisAudit-TableV2DeletionProtection', reason: 'scratch table in a test' });

    expect(findingsOfRule(table.stack, 'TableV2DeletionProtection')).toEqual([]);
    expect(findingsOfRule(table.stack, 'TableV2PointInTimeRecovery')).toHaveLength(1);
  });
});
