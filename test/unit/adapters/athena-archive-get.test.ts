import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { AthenaArchiveReader } from '../../../lambdas/adapters/athena/athena-archive-reader';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { ArchiveQueryPendingError } from '../../../lambdas/core/query/ports';
import { aStoredEvent } from '../../fixtures/archive-events';

/** AthenaArchiveReader.get at the SDK boundary: one event by id over every partition of the Glue table. */

const athena = mockClient(AthenaClient);
const OPTIONS = { workGroup: 'dmis-audit-archive', database: 'dmis_audit', table: 'events', pollIntervalMs: 1, sleep: async () => undefined };
const EXECUTION = '5d0c7a8e-2b3f-4c1d-9e8f-7a6b5c4d3e2f';
const header = { Data: [{ VarCharValue: 'line' }] };
const rowOf = (line: string) => ({ Data: [{ VarCharValue: line }] });

function newReader(extra: { deadlineMs?: number; clock?: () => number } = {}): AthenaArchiveReader {
  return new AthenaArchiveReader(new AthenaClient({ region: 'eu-west-1' }), { ...OPTIONS, ...extra });
}

/** The query finishes after QUEUED and RUNNING and answers `rows` after the header. */
function answers(rows: { Data: { VarCharValue: string }[] }[]): void {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: EXECUTION });
  athena.on(GetQueryExecutionCommand)
    .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
    .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
    .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
  athena.on(GetQueryResultsCommand, { QueryExecutionId: EXECUTION, MaxResults: 1000 }).resolves({ ResultSet: { Rows: [header, ...rows] } });
}

beforeEach(() => {
  athena.reset();
});

describe('AthenaArchiveReader.get', () => {
  const event: StoredEvent = aStoredEvent({ occurredAt: '2024-06-01T08:00:00.000Z', actor: { userId: "o'brien 🚒" } });

  it('starts one by-id query in the workgroup, every partition, the id as an escaped literal', async () => {
    answers([rowOf(JSON.stringify(event))]);

    await newReader().get(event.eventId);

    expect(athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input)).toEqual([{
      QueryString: `SELECT line FROM "dmis_audit"."events"\nWHERE json_extract_scalar(line, '$.eventId') = ?\nLIMIT 2`,
      WorkGroup: 'dmis-audit-archive',
      QueryExecutionContext: { Database: 'dmis_audit' },
      ExecutionParameters: [`'${event.eventId}'`],
    }]);
  });

  it('polls until the query succeeds, then reads its result', async () => {
    answers([rowOf(JSON.stringify(event))]);

    await newReader().get(event.eventId);

    expect(athena.commandCalls(GetQueryExecutionCommand).map((c) => c.args[0].input)).toEqual(Array(3).fill({ QueryExecutionId: EXECUTION }));
    expect(athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input)).toEqual([{ QueryExecutionId: EXECUTION, MaxResults: 1000 }]);
  });

  it('answers the archived line as the stored event, field for field', async () => {
    answers([rowOf(JSON.stringify(event))]);

    const found = await newReader().get(event.eventId);

    expect(found).toEqual(event);
    expect(JSON.stringify(found)).toBe(JSON.stringify(event));
  });

  it('is undefined when no row comes back', async () => {
    answers([]);

    await expect(newReader().get(event.eventId)).resolves.toBeUndefined();
  });

  it('fails when the archive holds the id twice', async () => {
    answers([rowOf(JSON.stringify(event)), rowOf(JSON.stringify(event))]);

    await expect(newReader().get(event.eventId)).rejects.toThrow(/more than once/);
  });

  it('a quote in the id stays inside the literal', async () => {
    answers([]);

    await newReader().get("x' OR '1'='1");

    const input = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    expect(input?.QueryString).not.toContain('OR');
    expect(input?.ExecutionParameters).toEqual(["U&'x\\0027 OR \\00271\\0027=\\00271'"]);
  });

  it('answers "still running" with the execution id once the deadline passes, reading no results', async () => {
    let t = 0;
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: EXECUTION });
    athena.on(GetQueryExecutionCommand).callsFake(() => {
      t += 5_000;
      return { QueryExecution: { Status: { State: 'RUNNING' } } };
    });

    const read = newReader({ deadlineMs: 20_000, clock: () => t }).get(event.eventId);

    await expect(read).rejects.toMatchObject({ constructor: ArchiveQueryPendingError, executionId: EXECUTION });
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('a failed query is an error, not a miss', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: EXECUTION });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'HIVE_BAD_DATA' } } });

    await expect(newReader().get(event.eventId)).rejects.toThrow(/FAILED/);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });
});
