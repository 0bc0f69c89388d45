/**
 * The append-only audit table, built from the one shared definition of its keys and
 * indexes (lambdas/adapters/dynamodb/table-schema.ts) that the local runtime also uses.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource, principalConstruct } from '../compliance/acknowledge';
import { FORBIDDEN_ITEM_ACTIONS } from '../compliance/append-only';
import { AUDIT_TABLE, ITEM_KEYS, type AuditIndexName, type KeyAttribute } from '../../lambdas/adapters/dynamodb/table-schema';

/** Props of {@link AuditTable}. */
export interface AuditTableProps {
  /** Customer-managed key that encrypts the table, its stream and its backups. */
  readonly encryptionKey: kms.IKey;
}

/** The audit table: on-demand, KMS, PITR, deletion protection, TTL, NEW_IMAGE stream, append-only policy. */
export class AuditTable extends Construct {
  /** The table. */
  public readonly table: dynamodb.Table;
  private readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: AuditTableProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: toAttribute(AUDIT_TABLE.partitionKey),
      sortKey: toAttribute(AUDIT_TABLE.sortKey),
      // On-demand: DMIS bursts (disaster days) need no capacity planning and never throttle on a forecast.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      deletionProtection: true,
      timeToLiveAttribute: AUDIT_TABLE.timeToLiveAttribute,
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      removalPolicy: RemovalPolicy.RETAIN,
      resourcePolicy: appendOnlyPolicy(),
    });
    for (const index of AUDIT_TABLE.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: toAttribute(index.partitionKey),
        sortKey: toAttribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  /**
   * Lets the ingest function put new event items (and read one back to tell a duplicate
   * from a conflict) and nothing else: only items whose partition key is an event key.
   */
  public grantAppendEvents(grantee: iam.IGrantable): iam.Grant {
    this.encryptionKey.grant(grantee, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey');
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:PutItem', 'dynamodb:GetItem'],
      resourceArns: [this.table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${ITEM_KEYS.eventPk('')}*`] },
      },
    });
  }

  /**
   * Lets the sealer append block items and nothing else (partition key `BLOCK` only, so it
   * can never write an event), read items and block ranges, and query the byIngest index.
   */
  public grantSealBlocks(grantee: iam.IGrantable): iam.Grant {
    this.encryptionKey.grant(grantee, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey');
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      resourceArns: [this.table.tableArn, `${this.table.tableArn}/index/${INGEST_INDEX}`],
    });
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:PutItem'],
      resourceArns: [this.table.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [ITEM_KEYS.blockPk] } },
    });
  }

  /** Read-only access: single items and queries on the table and its indexes. */
  public grantReadEvents(grantee: iam.IGrantable): iam.Grant {
    this.encryptionKey.grant(grantee, 'kms:Decrypt', 'kms:DescribeKey');
    acknowledgeWildcardResource(
      principalConstruct(grantee),
      `${this.table.tableArn}/index/*`,
      'Read-only GetItem/Query on the indexes of this one audit table; every index serves a documented query.',
    );
    return this.table.grant(grantee, 'dynamodb:GetItem', 'dynamodb:Query');
  }
}

/** The index the sealer reads events by ingest time from. */
const INGEST_INDEX: AuditIndexName = 'byIngest';

function toAttribute(key: KeyAttribute): dynamodb.Attribute {
  const type = key.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING;
  return { name: key.name, type };
}

/**
 * Denies item changes (the one list the DmisAudit append-only rule checks) to every
 * principal; `*` resources because a table policy cannot name its own generated ARN.
 */
function appendOnlyPolicy(): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'AuditItemsAreAppendOnly',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...FORBIDDEN_ITEM_ACTIONS],
        resources: ['*'],
      }),
    ],
  });
}
