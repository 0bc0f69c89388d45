/** SQL over the archive: the Glue table with partition projection, the enforced Athena workgroup, its results bucket, and grants. */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ArchiveQueryEngine, type ArchiveQueryEngineProps } from '../../lib/constructs/archive-query-engine';
import { actionsOf, buildAuditStack, statementsOfRole, SYNTH_TIMEOUT_MS } from './audit-stack-fixture';

let template: Template;
beforeAll(() => {
  template = Template.fromStack(buildAuditStack().stack);
}, SYNTH_TIMEOUT_MS);

describe('archive events table', () => {
  it('projects retention and day partitions from the archive key layout', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'archived_events',
        TableType: 'EXTERNAL_TABLE',
        PartitionKeys: [
          { Name: 'retention', Type: 'string' },
          { Name: 'day', Type: 'string' },
        ],
        Parameters: Match.objectLike({
          'projection.enabled': 'true',
          'projection.retention.type': 'enum',
          'projection.retention.values': 'security,application,system,debug',
          'projection.day.type': 'date',
          'projection.day.format': 'yyyy-MM-dd',
          'projection.day.range': '2026-01-01,NOW',
          'storage.location.template': {
            'Fn::Join': ['', ['s3://', Match.anyValue(), '/events/retention=${retention}/day=${day}/']],
          },
        }),
      }),
    });
  });

  it('reads each archived line whole into one string column with a text SerDe', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        StorageDescriptor: Match.objectLike({
          Columns: [{ Name: 'line', Type: 'string' }],
          InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          SerdeInfo: {
            SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
            Parameters: { 'field.delim': '\u0001', 'serialization.format': '\u0001' },
          },
        }),
      }),
    });
  });
});

describe('Athena workgroup', () => {
  it('enforces its settings, caps bytes scanned, and encrypts results with SSE-KMS', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        ResultConfiguration: {
          OutputLocation: Match.anyValue(),
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: Match.anyValue() },
        },
      }),
    });
  });

  it('keeps results in a KMS-encrypted bucket that expires them within days', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Id: 'ExpireResults', Prefix: 'results/', ExpirationInDays: 3, Status: 'Enabled' })],
      },
    });
  });
});

describe('grantQuery', () => {
  it('lets the query function run Athena queries, read the table and the archive events, and nothing that writes the archive', () => {
    const actions = statementsOfRole(template, /audit-query/).flatMap(actionsOf);
    expect(actions).toEqual(
      expect.arrayContaining([
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
        'glue:GetTable',
        'glue:GetDatabase',
        'glue:GetPartitions',
      ]),
    );
    const archiveWrites = statementsOfRole(template, /audit-query/).filter(
      (s) => actionsOf(s).includes('s3:PutObject') && JSON.stringify(s.Resource).includes('events/*'),
    );
    expect(archiveWrites).toEqual([]);
  });
});

describe('ArchiveQueryEngine props', () => {
  const build = (overrides: Partial<ArchiveQueryEngineProps>) => {
    const stack = new Stack(new App(), 'Query');
    const bucket = new s3.Bucket(stack, 'Archive');
    const props = {
      archive: bucket,
      accessLogs: bucket,
      encryptionKey: new kms.Key(stack, 'Key'),
      bytesScannedCutoffPerQuery: 10_000_000,
      startDay: '2026-01-01',
    };
    return () => new ArchiveQueryEngine(stack, 'Engine', { ...props, ...overrides });
  };

  it.each<[string, Partial<ArchiveQueryEngineProps>, RegExp]>([
    ['a scan cap below Athena minimum', { bytesScannedCutoffPerQuery: 9_999_999 }, /bytesScannedCutoffPerQuery/],
    ['a start day not in yyyy-MM-dd', { startDay: '01/02/2026' }, /startDay/],
    ['results kept longer than a week', { resultExpiryDays: 8 }, /resultExpiryDays/],
  ])('rejects %s', (_what, overrides, message) => {
    expect(build(overrides)).toThrow(message);
  });
});
