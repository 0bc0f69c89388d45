import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildAuditServices, type AuditServices } from '../../lambdas/composition/audit-services';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import { CSV_COLUMNS } from '../../lambdas/core/query/csv';
import { DynamoDbEventQuery } from '../../lambdas/adapters/dynamodb/dynamodb-event-query';
import { ExportEvents } from '../../lambdas/core/query/export-events';
import type { ExportSink } from '../../lambdas/core/query/ports';
import { ReadAuditor } from '../../lambdas/core/query/read-audit';
import { createTestTable, type TestTable } from '../setup/table';
import { BEFORE_READS, expectedIds, ingestAll, NOW, variedEvents } from './query-fixtures';

const READER = { principal: 'arn:aws:sts::123456789012:assumed-role/AuditReader/auditor-ann' };

/** Python's csv module: a standard parser that shares no code with ours. */
function parseCsvWithPython(text: string): string[][] {
  const script = 'import csv,sys,json; print(json.dumps(list(csv.reader(sys.stdin))))';
  return JSON.parse(execFileSync('python3', ['-c', script], { input: text, encoding: 'utf8' })) as string[][];
}

describe('GET /v1/export on DynamoDB Local', () => {
  let table: TestTable;
  let services: AuditServices;
  let stored: StoredEvent[];

  beforeAll(async () => {
    table = await createTestTable('audit-export');
    const key = randomBytes(32);
    services = buildAuditServices({
      documentClient: table.documentClient, tableName: table.tableName, clock: () => new Date(NOW),
      query: { cursorKey: async () => key },
    });
    stored = await ingestAll(services, variedEvents(300, 11));
  }, 120_000);

  const exportInline = async (params: Record<string, string>) => {
    const result = await services.query.exportEvents.execute(params, READER);
    if (result.kind !== 'inline') throw new Error('expected an inline export');
    return result;
  };

  it('exports NDJSON that parses back to exactly the stored events', async () => {
    const result = await exportInline({ format: 'ndjson', to: BEFORE_READS });
    const lines = result.body.trimEnd().split('\n').map((l) => JSON.parse(l) as StoredEvent);
    const byId = new Map(stored.map((e) => [e.eventId, e]));
    expect(lines.map((e) => e.eventId)).toEqual(expectedIds(stored, { to: BEFORE_READS }));
    expect(lines.every((e) => JSON.stringify(e) === JSON.stringify(byId.get(e.eventId)))).toBe(true);
  });

  it('exports CSV that a standard parser reads back row for row', async () => {
    const query = { format: 'csv', eventType: 'auth.', to: BEFORE_READS };
    const result = await exportInline(query);
    const [header, ...rows] = parseCsvWithPython(result.body);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows.map((r) => r[0])).toEqual(expectedIds(stored, query));
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    expect(result.rows).toBe(rows.length);
  });

  it('neutralises formula cells, which keep their text behind a quote', async () => {
    const result = await exportInline({ format: 'csv', q: 'hyperlink', to: BEFORE_READS });
    const [, ...rows] = parseCsvWithPython(result.body);
    const reasons = rows.map((r) => r[CSV_COLUMNS.indexOf('reason')]);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.every((r) => r === `'=HYPERLINK("http://x")`)).toBe(true);
  });

  it('keeps commas and quotes inside one cell', async () => {
    const result = await exportInline({ format: 'csv', q: 'soft', to: BEFORE_READS });
    const [, ...rows] = parseCsvWithPython(result.body);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[CSV_COLUMNS.indexOf('reason')] === 'quota, "soft" limit')).toBe(true);
  });

  it('hands a large export to the sink and returns its link', async () => {
    const puts: { name: string; body: string }[] = [];
    const sink: ExportSink = {
      put: async (name, _type, body) => {
        puts.push({ name, body: Buffer.from(body).toString('utf8') });
        return { url: 'https://example.test/export', expiresAt: NOW };
      },
    };
    const exporter = new ExportEvents({
      reader: new DynamoDbEventQuery(table.documentClient, table.tableName),
      auditor: new ReadAuditor(services.ingestEvents, () => new Date(NOW)),
      sink,
      inlineLimitBytes: 1000,
      now: () => new Date(NOW),
    });
    const result = await exporter.execute({ format: 'ndjson', to: BEFORE_READS }, READER);
    expect(result).toEqual({ kind: 'link', url: 'https://example.test/export', expiresAt: NOW, rows: 300 });
    expect(puts[0]?.body.trimEnd().split('\n')).toHaveLength(300);
  });

  it('rejects proofs in CSV', async () => {
    await expect(services.query.exportEvents.execute({ format: 'csv', includeProofs: 'true' }, READER))
      .rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('records the export as an audit.export event', async () => {
    await exportInline({ format: 'ndjson', actor: 'jdoe' });
    const reads = await services.query.searchEvents.execute({ actor: READER.principal, eventType: 'audit.export', limit: '500' }, READER);
    expect(reads.events.map((e) => e.metadata)).toContainEqual(expect.objectContaining({
      route: 'GET /v1/export', query: expect.objectContaining({ actor: 'jdoe', format: 'ndjson' }),
    }));
  });
});
