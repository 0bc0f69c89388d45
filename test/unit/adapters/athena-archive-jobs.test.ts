/** AthenaArchiveReader bound to an archive job: known queries are polled, new ones recorded. */
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { AthenaArchiveReader } from '../../../lambdas/adapters/athena/athena-archive-reader';
import { ArchiveJobContext, archiveQueryKey, readerForJob } from '../../../lambdas/core/query/archive-jobs';
import { archivePageQuery } from '../../../lambdas/core/query/archive-sql';
import type { ArchiveEventReader, ArchiveRead } from '../../../lambdas/core/query/ports';
import { aStoredEvent } from '../../fixtures/archive-events';

const athena = mockClient(AthenaClient);
const OPTIONS = { workGroup: 'dmis-audit-archive', database: 'dmis_audit', table: 'events', deadlineMs: 0, sleep: async () => undefined };
const REQUEST: ArchiveRead = { filters: { actor: 'jdoe' }, range: { from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' }, pageSize: 5 };
const FIRST_PAGE = archivePageQuery('athena', '"dmis_audit"."events"', { filters: REQUEST.filters, range: REQUEST.range, limit: 5 });
const EVENT = aStoredEvent({ occurredAt: '2025-01-10T00:00:00.000Z', actor: { userId: 'jdoe' } });

const reader = () => new AthenaArchiveReader(new AthenaClient({ region: 'eu-west-1' }), OPTIONS);

async function readAll(from: ArchiveEventReader): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of from.read(REQUEST)) ids.push(e.eventId);
  return ids;
}

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'started-now' });
  athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [{ Data: [{ VarCharValue: 'line' }] }, { Data: [{ VarCharValue: JSON.stringify(EVENT) }] }] } });
});

describe('AthenaArchiveReader resuming a job', () => {
  it('polls the execution the job already started for a page instead of starting it again', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    const job = new ArchiveJobContext({ [archiveQueryKey(FIRST_PAGE.sql, FIRST_PAGE.params)]: 'started-earlier' });
    // Act
    const ids = await readAll(readerForJob(reader(), job));
    // Assess
    expect(ids).toEqual([EVENT.eventId]);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
    expect(athena.commandCalls(GetQueryExecutionCommand).map((c) => c.args[0].input)).toEqual([{ QueryExecutionId: 'started-earlier' }]);
  });

  it('records a page it starts, so the still-running error leaves the execution in the job', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    const job = new ArchiveJobContext();
    // Act
    const read = readAll(readerForJob(reader(), job));
    // Assess
    await expect(read).rejects.toMatchObject({ executionId: 'started-now' });
    expect(job.executions()).toEqual({ [archiveQueryKey(FIRST_PAGE.sql, FIRST_PAGE.params)]: 'started-now' });
  });

  it('starts a page whose query the job does not know', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    const job = new ArchiveJobContext({ [archiveQueryKey(FIRST_PAGE.sql, ['other'])]: 'started-earlier' });
    // Act
    await readAll(readerForJob(reader(), job));
    // Assess
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
    expect(Object.values(job.executions())).toEqual(['started-earlier', 'started-now']);
  });

  it('leaves a reader that cannot resume as it is', () => {
    const plain: ArchiveEventReader = { read: () => (async function* () {})(), get: async () => undefined };
    expect(readerForJob(plain, new ArchiveJobContext())).toBe(plain);
  });
});
