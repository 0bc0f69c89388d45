/**
 * The subject key store: the table that holds each data subject's wrapped data key
 * (lambdas/core/privacy/ports.ts `SubjectKeyStore`), built from the one definition of its
 * keys and indexes that the local runtime also uses. It lives apart from the audit table,
 * under its own customer-managed key and its own grants, because erasing a subject means
 * deleting from it: the audit table is append-only, this table must not be.
 *
 * Point-in-time recovery keeps one day only: a destroyed key must not survive long in a
 * backup, and the store is left out of the audit table's AWS Backup plan for the same
 * reason (docs/security/privacy.md, "Erasure").
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { SUBJECT_KEY_TABLE } from '../../lambdas/adapters/dynamodb/subject-key-table-schema';
import type { KeyAttribute } from '../../lambdas/adapters/dynamodb/table-schema';

/** Days of point-in-time recovery: the shortest DynamoDB allows. */
export const SUBJECT_KEY_RECOVERY_DAYS = 1;

/** The key store table and the key that encrypts it, with grants named for what each function does. */
export class SubjectKeyStore extends Construct {
  /** The table. */
  public readonly table: dynamodb.Table;
  /** Its own customer-managed key (not the audit data key). */
  public readonly tableKey: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.tableKey = new kms.Key(this, 'TableKey', {
      description: 'DMIS audit trail subject key store table key',
      enableKeyRotation: true,
      // Deleting it would erase every subject at once: only the break-glass role may (KeyGuard).
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: toAttribute(SUBJECT_KEY_TABLE.partitionKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: SUBJECT_KEY_RECOVERY_DAYS },
      deletionProtection: true,
      // No stream: a stream would be one more place a wrapped key passes through.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of SUBJECT_KEY_TABLE.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: toAttribute(index.partitionKey),
        sortKey: toAttribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    acknowledgeRule(
      this.table,
      'NIST.800.53.R5-DynamoDBInBackupPlan',
      'Left out of AWS Backup on purpose: a backup would keep a destroyed subject key for the backup retention, undoing erasure. PITR keeps one day.',
    );
  }

  /**
   * What ingest needs to seal personal fields (`keyFor`): read one subject's key item at a
   * time, create a key on first use, extend its retention. No query, no batch read, no delete.
   */
  public grantUseKeys(grantee: iam.IGrantable): iam.Grant {
    this.tableKey.grant(grantee, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey');
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resourceArns: [this.table.tableArn],
    });
  }

  /**
   * What the privacy function needs: read keys to decrypt (`keysById`), destroy a subject's
   * keys (`eraseSubject`) and, through the expiry index, expired ones (`listExpired`,
   * `destroyKey`). Destroying removes the key material with UpdateItem: no DeleteItem.
   */
  public grantEraseKeys(grantee: iam.IGrantable): iam.Grant {
    this.tableKey.grant(grantee, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey');
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: [`${this.table.tableArn}/index/${EXPIRY_INDEX}`],
    });
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
      resourceArns: [this.table.tableArn],
    });
  }
}

/** The index the retention sweep lists expired keys from. */
const EXPIRY_INDEX: (typeof SUBJECT_KEY_TABLE.indexes)[number]['indexName'] = 'byExpiry';

function toAttribute(key: KeyAttribute): dynamodb.Attribute {
  const type = key.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING;
  return { name: key.name, type };
}
