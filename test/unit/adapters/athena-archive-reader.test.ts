import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { AthenaArchiveReader } from '../../../lambdas/adapters/athena/athena-archive-reader';
import { archivePageQuery, sqlLiteral } from '../../../lambdas/core/query/archive-sql';
import { ArchiveQueryPendingError, type ArchiveRead } from '../../../lambdas/core/query/ports';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { aStoredEvent } from '../../fixtures/archive-events';

const athena = mockClient(AthenaClient);
const OPTIONS = { workGroup: 'dmis-audit-archive', database: 'dmis_audit', table: 'events', pollIntervalMs: 1, sleep: async () => undefined };
const EXECUTION = '0b8a9f6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const HOSTILE_ACTOR = "o'brien\\\u0000 🚒";

const header = { Data: [{ VarCharValue: 'line' }] };
const rowOf = (e: StoredEvent) => ({ Data: [{ VarCharValue: JSON.stringify(e) }] });

function newReader(extra: Partial<typeof OPTIONS & { deadlineMs: number; clock: () => number }> = {}) {
  return new AthenaArchiveReader(new AthenaClient({ region: 'eu-west-1' }), { ...OPTIONS, ...extra });
}

async function readAll(reader: AthenaArchiveReader, request: ArchiveRead): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of reader.read(request)) out.push(e);
  return out;
}

beforeEach(() => {
  athena.reset();
});

describe('AthenaArchiveReader', () => {
  const request: ArchiveRead = {
    filters: { actor: HOSTILE_ACTOR },
    range: { from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' },
    pageSize: 2,
  };

  it('starts the query in the workgroup with escaped execution parameters, polls, and pages the results', async () => {
    const events = [0, 1].map((i) => aStoredEvent({ occurredAt: `2025-01-1${i}T00:00:00.000Z`, actor: { userId: HOSTILE_ACTOR } })).reverse();
    athena.on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand, { QueryExecutionId: EXECUTION, MaxResults: 1000 })
      .resolves({ ResultSet: { Rows: [header, rowOf(events[0] as StoredEvent)] }, NextToken: 'page-2' });
    athena.on(GetQueryResultsCommand, { QueryExecutionId: EXECUTION, MaxResults: 1000, NextToken: 'page-2' })
      .resolves({ ResultSet: { Rows: [rowOf(events[1] as StoredEvent)] } });
    athena.on(StartQueryExecutionCommand).resolvesOnce({ QueryExecutionId: EXECUTION }).resolves({ QueryExecutionId: 'second' });
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'second', MaxResults: 1000 }).resolves({ ResultSet: { Rows: [header] } });

    const found = await readAll(newReader(), request);

    expect(found).toEqual(events);
    const starts = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
    const first = archivePageQuery('athena', '"dmis_audit"."events"', { filters: request.filters, range: request.range, limit: 2 });
    const last = events[1] as StoredEvent;
    const second = archivePageQuery('athena', '"dmis_audit"."events"', {
      filters: request.filters, range: request.range, limit: 2, before: { occurredAt: last.occurredAt, eventId: last.eventId },
    });
    expect(starts).toEqual([
      { QueryString: first.sql, WorkGroup: 'dmis-audit-archive', QueryExecutionContext: { Database: 'dmis_audit' }, ExecutionParameters: first.params.map(sqlLiteral) },
      { QueryString: second.sql, WorkGroup: 'dmis-audit-archive', QueryExecutionContext: { Database: 'dmis_audit' }, ExecutionParameters: second.params.map(sqlLiteral) },
    ]);
    expect(starts[0]?.QueryString).not.toContain("o'brien");
    expect(starts[0]?.ExecutionParameters).toContain("U&'o\\0027brien\\005c\\0000 \\+01f692'");
    expect(athena.commandCalls(GetQueryExecutionCommand).map((c) => c.args[0].input)[0]).toEqual({ QueryExecutionId: EXECUTION });
  });

  it('answers "still running" with the execution id once the deadline passes', async () => {
    let t = 0;
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: EXECUTION });
    athena.on(GetQueryExecutionCommand).callsFake(() => {
      t += 5_000;
      return { QueryExecution: { Status: { State: 'RUNNING' } } };
    });

    const read = readAll(newReader({ deadlineMs: 20_000, clock: () => t }), request);

    await expect(read).rejects.toMatchObject({ constructor: ArchiveQueryPendingError, executionId: EXECUTION, code: 'unavailable' });
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(4);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('a failed query is an error and reads no results', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: EXECUTION });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'HIVE_BAD_DATA' } } });

    await expect(readAll(newReader(), request)).rejects.toThrow(/FAILED/);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('refuses a database or table name that would need quoting', () => {
    expect(() => new AthenaArchiveReader(new AthenaClient({}), { ...OPTIONS, table: 'events"; drop' })).toThrow(/table/);
  });
});
