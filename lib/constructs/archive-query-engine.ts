/**
 * SQL over the sealed archive with Athena: a Glue table over `s3://<archive>/events/` whose
 * partitions (`retention`, `day`) are projected from the key layout, so no crawler and no
 * partition maintenance; one string column `line` per stored event, read with a text SerDe,
 * so a query sees exactly the archived bytes (JSON functions pick fields out of it). An
 * enforced workgroup caps the bytes a query may scan and keeps results encrypted for a few
 * days only.
 */
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { RETENTION_CLASSES } from '../../lambdas/core/catalogue';
import { acknowledgeRule, acknowledgeWildcardResource, principalConstruct } from '../compliance/acknowledge';
import { privateKmsBucketProps } from './export-bucket';

/** Props of {@link ArchiveQueryEngine}. */
export interface ArchiveQueryEngineProps {
  /** The Object Lock archive bucket (AuditArchive). */
  readonly archive: s3.IBucket;
  /** Key of the archive's objects; also encrypts query results. */
  readonly encryptionKey: kms.IKey;
  /** Bucket receiving the results bucket's S3 server access logs. */
  readonly accessLogs: s3.IBucket;
  /** Most bytes one query may scan (config `athenaBytesScannedLimit`); Athena's minimum is 10 MB. */
  readonly bytesScannedCutoffPerQuery: number;
  /** First day the `day` partition projection covers, yyyy-MM-dd (config `archiveQueryStartDay`). */
  readonly startDay: string;
  /** Days a query result is kept. @default 3 */
  readonly resultExpiryDays?: number;
}

/** The one column: a stored event's archived JSON line. */
export const ARCHIVE_LINE_COLUMN = 'line';
/** Glue table name of the archived events (the query adapter's SQL names it). */
export const ARCHIVE_EVENTS_TABLE = 'archived_events';
const RESULTS_PREFIX = 'results/';
const ATHENA_MIN_CUTOFF_BYTES = 10_000_000;

/** The Glue database and table over the archive's events, and the Athena workgroup that queries them. */
export class ArchiveQueryEngine extends Construct {
  /** Glue database name. */
  public readonly databaseName: string;
  /** Glue table name. */
  public readonly tableName = ARCHIVE_EVENTS_TABLE;
  /** Athena workgroup name. */
  public readonly workGroupName: string;
  /** Where query results go (SSE-KMS, expired after a few days). */
  public readonly results: s3.Bucket;
  private readonly props: ArchiveQueryEngineProps;

  constructor(scope: Construct, id: string, props: ArchiveQueryEngineProps) {
    super(scope, id);
    validate(props);
    this.props = props;
    this.results = resultsBucket(this, props);
    const database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { description: 'Sealed audit archive (read-only view of the Object Lock bucket)' },
    });
    this.databaseName = database.ref;
    const table = eventsTable(this, database.ref, props);
    table.node.addDependency(database);
    const workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: `${Stack.of(this).stackName}-archive-query`,
      description: 'Archive queries: enforced settings, scan cap, encrypted results',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
        resultConfiguration: {
          outputLocation: this.results.s3UrlForObject(RESULTS_PREFIX),
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.encryptionKey.keyArn },
        },
      },
    });
    this.workGroupName = workGroup.ref;
  }

  /** Run, follow and stop queries in this workgroup over this table, reading the archive's events and writing results. */
  public grantQuery(grantee: iam.IGrantable): void {
    const stack = Stack.of(this);
    const arn = (service: string, resource: string, resourceName?: string) =>
      stack.formatArn({ service, resource, ...(resourceName ? { resourceName } : {}) });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution'],
      resourceArns: [arn('athena', 'workgroup', this.workGroupName)],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
      resourceArns: [
        arn('glue', 'catalog'),
        arn('glue', 'database', this.databaseName),
        arn('glue', 'table', `${this.databaseName}/${this.tableName}`),
      ],
    });
    const events = this.props.archive.arnForObjects('events/*');
    const results = this.results.arnForObjects(`${RESULTS_PREFIX}*`);
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: [events] });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket', 's3:GetBucketLocation'],
      resourceArns: [this.props.archive.bucketArn, this.results.bucketArn],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resourceArns: [results],
    });
    this.props.encryptionKey.grant(grantee, 'kms:Decrypt', 'kms:GenerateDataKey');
    const principal = principalConstruct(grantee);
    acknowledgeWildcardResource(principal, events, 'Athena reads every event partition under events/ of the archive; the partition keys are data (class, day, seq).');
    acknowledgeWildcardResource(principal, results, 'Athena names each result object by query id under results/ of the results bucket.');
  }
}

function validate(props: ArchiveQueryEngineProps): void {
  const cutoff = props.bytesScannedCutoffPerQuery;
  if (!Number.isInteger(cutoff) || cutoff < ATHENA_MIN_CUTOFF_BYTES)
    throw new Error(`ArchiveQueryEngine: bytesScannedCutoffPerQuery must be an integer of at least ${ATHENA_MIN_CUTOFF_BYTES}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(props.startDay) || Number.isNaN(Date.parse(props.startDay)))
    throw new Error('ArchiveQueryEngine: startDay must be a date yyyy-MM-dd');
  const days = props.resultExpiryDays ?? 3;
  if (!Number.isInteger(days) || days < 1 || days > 7)
    throw new Error('ArchiveQueryEngine: resultExpiryDays must be an integer from 1 to 7');
}

/**
 * The events table: partition projection over `events/retention=<class>/day=<day>/`, each
 * line of each gzipped object one row of one string column. LazySimpleSerDe with a field
 * delimiter no JSON line contains (\u0001) returns the line whole.
 */
function eventsTable(scope: Construct, databaseName: string, props: ArchiveQueryEngineProps): glue.CfnTable {
  const location = `s3://${props.archive.bucketName}/events/`;
  return new glue.CfnTable(scope, 'EventsTable', {
    catalogId: Aws.ACCOUNT_ID,
    databaseName,
    tableInput: {
      name: ARCHIVE_EVENTS_TABLE,
      tableType: 'EXTERNAL_TABLE',
      partitionKeys: [
        { name: 'retention', type: 'string' },
        { name: 'day', type: 'string' },
      ],
      parameters: {
        classification: 'text',
        'projection.enabled': 'true',
        'projection.retention.type': 'enum',
        'projection.retention.values': RETENTION_CLASSES.join(','),
        'projection.day.type': 'date',
        'projection.day.format': 'yyyy-MM-dd',
        'projection.day.range': `${props.startDay},NOW`,
        'projection.day.interval': '1',
        'projection.day.interval.unit': 'DAYS',
        'storage.location.template': `${location}retention=\${retention}/day=\${day}/`,
      },
      storageDescriptor: {
        location,
        columns: [{ name: ARCHIVE_LINE_COLUMN, type: 'string' }],
        inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        serdeInfo: {
          serializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
          parameters: { 'field.delim': '\u0001', 'serialization.format': '\u0001' },
        },
      },
    },
  });
}

/** Query results: private, SSE-KMS, access logged, expired after a few days. */
function resultsBucket(scope: Construct, props: ArchiveQueryEngineProps): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'Results', {
    ...privateKmsBucketProps(props.encryptionKey, props.accessLogs, 'athena-results/'),
    lifecycleRules: [
      {
        id: 'ExpireResults',
        prefix: RESULTS_PREFIX,
        expiration: Duration.days(props.resultExpiryDays ?? 3),
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
    // Only results of queries over the archive, which keeps the data; the lifecycle empties it.
    removalPolicy: RemovalPolicy.DESTROY,
  });
  acknowledgeRule(
    bucket,
    'NIST.800.53.R5-S3BucketReplicationEnabled',
    'Query results are temporary copies, deleted after days, of events the Object Lock archive keeps; a replica would only be a second copy to leak.',
  );
  return bucket;
}
