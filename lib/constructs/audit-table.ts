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
import { AUDIT_TABLE, ITEM_KEYS, type AuditIndexName, type IndexProjection, type KeyAttribute } from '../../lambdas/adapters/dynamodb/table-schema';
import { DEFAULT_HOT_WINDOW_DAYS, hotWindowSecondsOf } from '../../lambdas/core/hot-window';

/** DynamoDB table classes the audit table may use, a closed set. */
export type AuditTableClassName = 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';

/** Props of {@link AuditTable}. */
export interface AuditTableProps {
  /** Customer-managed key that encrypts the table, its stream and its backups. */
  readonly encryptionKey: kms.IKey;
  /** Days an event stays in the table (its TTL is set by the writer from HOT_WINDOW_SECONDS). @default DEFAULT_HOT_WINDOW_DAYS */
  readonly hotWindowDays?: number;
  /** The table class (lib/cost/ prices both). @default 'STANDARD' */
  readonly tableClass?: AuditTableClassName;
}

/** The audit table: on-demand, KMS, PITR, deletion protection, TTL at the end of the hot window, NEW_IMAGE stream, append-only policy. */
export class AuditTable extends Construct {
  /** The table. */
  public readonly table: dynamodb.Table;
  /** Seconds an event stays in the table: every writer's and verifier's HOT_WINDOW_SECONDS. */
  public readonly hotWindowSeconds: number;
  private readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: AuditTableProps) {
    super(scope, id);
    const hotWindowDays = props.hotWindowDays ?? DEFAULT_HOT_WINDOW_DAYS;
    if (!Number.isInteger(hotWindowDays) || hotWindowDays < 1 || hotWindowDays > 3000) {
      throw new Error(`AuditTable: hotWindowDays must be an integer from 1 to 3000, got ${hotWindowDays}`);
    }
    this.hotWindowSeconds = hotWindowSecondsOf(hotWindowDays);
    this.encryptionKey = props.encryptionKey;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: toAttribute(AUDIT_TABLE.partitionKey),
      sortKey: toAttribute(AUDIT_TABLE.sortKey),
      // On-demand: DMIS bursts (disaster days) need no capacity planning and never throttle on a forecast.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      tableClass: dynamodb.TableClass[props.tableClass ?? 'STANDARD'],
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
        ...projectionOf(index.projection),
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
      // BatchGetItem: the byIngest index lists keys only; the events are read from the table.
      actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
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
    // BatchGetItem: a search reads each page's events whole from the table (lean index projections).
    return this.table.grant(grantee, 'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query');
  }
}

/** The index the sealer reads events by ingest time from. */
const INGEST_INDEX: AuditIndexName = 'byIngest';

function projectionOf(projection: IndexProjection): Pick<dynamodb.GlobalSecondaryIndexProps, 'projectionType' | 'nonKeyAttributes'> {
  if (projection.type === 'KEYS_ONLY') return { projectionType: dynamodb.ProjectionType.KEYS_ONLY };
  return { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...projection.attributes] };
}

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
