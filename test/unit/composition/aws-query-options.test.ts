/** The query function's archive tier on AWS: Athena in the workgroup, database and table its environment names. */
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { awsQueryOptions } from '../../../lambdas/composition/aws-query-options';
import { readEnvironment } from '../../../lambdas/composition/environment';
import {
  ARCHIVE_QUERY_ENVIRONMENT, AUDITOR_ACCESS_ENVIRONMENT, BLIND_INDEX_ENVIRONMENT, TABLE_ENVIRONMENT,
} from '../../../lambdas/composition/function-environments';
import { DEFAULT_HOT_WINDOW_DAYS, hotWindowSecondsOf } from '../../../lambdas/core/hot-window';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { aStoredEvent } from '../../fixtures/archive-events';

const athena = mockClient(AthenaClient);
const EXECUTION = '5f0c3a2e-8d41-4b7a-9e1f-2a3b4c5d6e7f';

/** The parts of the query function's contract its read-side options take. */
const SPEC = { ...TABLE_ENVIRONMENT, ...AUDITOR_ACCESS_ENVIRONMENT, ...BLIND_INDEX_ENVIRONMENT, ...ARCHIVE_QUERY_ENVIRONMENT };
/** Those variables as the stack sets them. */
const QUERY_ENV = {
  TABLE_NAME: 'audit', CURSOR_KEY_ID: 'cursor', EXPORT_BUCKET: 'exports',
  EXPORT_KEY_ID: 'export', BLIND_INDEX_KEY_ARN: 'arn:aws:kms:eu-west-1:123456789012:key/b',
  ARCHIVE_QUERY_WORKGROUP: 'AuditTest-archive-query', ARCHIVE_QUERY_DATABASE: 'auditdb_1a2b', ARCHIVE_QUERY_TABLE: 'archived_events',
};

function optionsFor(env: Record<string, string>) {
  const clients = { athena: new AthenaClient({ region: 'eu-west-1' }), kms: new KMSClient({ region: 'eu-west-1' }), s3: new S3Client({ region: 'eu-west-1' }) };
  return awsQueryOptions(readEnvironment(SPEC, env), clients);
}

beforeEach(() => {
  athena.reset();
});

describe('awsQueryOptions archive tier', () => {
  it('reads old periods with Athena in the workgroup, database and table the environment names', async () => {
    // Prepare
    const event = aStoredEvent({ occurredAt: '2024-03-01T10:00:00.000Z' });
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: EXECUTION });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: { Rows: [{ Data: [{ VarCharValue: 'line' }] }, { Data: [{ VarCharValue: JSON.stringify(event) }] }] },
    });
    const { archive } = optionsFor(QUERY_ENV);
    // Act
    const read: StoredEvent[] = [];
    for await (const e of archive?.reader.read({ filters: {}, range: { to: '2025-01-01T00:00:00.000Z' }, pageSize: 10 }) ?? []) read.push(e);
    // Assess
    expect(read).toEqual([event]);
    const [start] = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
    expect(start).toMatchObject({ WorkGroup: 'AuditTest-archive-query', QueryExecutionContext: { Database: 'auditdb_1a2b' } });
    expect(start?.QueryString).toContain('"auditdb_1a2b"."archived_events"');
  });

  it('splits at the table hot window the environment sets', () => {
    // Act
    const { archive } = optionsFor({ ...QUERY_ENV, HOT_WINDOW_SECONDS: '86400' });
    // Assess
    expect(archive?.hotWindowSeconds).toBe(86_400);
  });

  it('splits at the default hot window when the environment sets none', () => {
    // Act
    const { archive } = optionsFor(QUERY_ENV);
    // Assess
    expect(archive?.hotWindowSeconds).toBe(hotWindowSecondsOf(DEFAULT_HOT_WINDOW_DAYS));
  });

  it('fails the cold start naming the variable when the workgroup is missing', () => {
    // Prepare
    const { ARCHIVE_QUERY_WORKGROUP: _missing, ...env } = QUERY_ENV;
    // Act / Assess
    expect(() => optionsFor(env)).toThrow(/ARCHIVE_QUERY_WORKGROUP/);
  });
});
