/**
 * SIEM outages with the local forwarder on a table of the run's DynamoDB Local: rsyslog
 * stopped and the webhook answering 503 while events keep arriving; the forwarder keeps
 * them in its file backlogs, raises the local alarm, and once both are back delivers
 * everything once, in stream order, emptying the backlogs. `dmis-audit siem status` shows
 * the backlog; `dmis-audit siem replay` sends exactly the period asked again.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDbEventStore } from '../../lambdas/adapters/dynamodb/dynamodb-event-store';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import { startLocalSiem, type LocalSiem } from '../../local/siem';
import { runTsx } from '../fixtures/run-tsx';
import { storedEvents } from '../fixtures/siem-events';
import { parseCef, parseSyslog5424 } from '../fixtures/siem-parse';
import { SiemTestbed } from '../fixtures/siem-stack';
import { waitFor } from '../fixtures/wait-for';
import { createTestTable, type TestTable } from '../setup/table';

const LONG_MS = 120_000;

describe('SIEM outage and replay', () => {
  let siem: SiemTestbed;
  let table: TestTable;
  let localDir: string;
  let forwarder: LocalSiem | undefined;
  const events = storedEvents(45);
  const seqOf = new Map(events.map((e, i) => [e.eventId, i]));
  const syslogSeqs = async () =>
    (await siem.rsyslog.received()).map((line) => seqOf.get(parseCef(parseSyslog5424(line).msg).extension.externalId ?? ''));
  const webhookSeqs = () => siem.webhook.eventIds().map((id) => seqOf.get(id));
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  /** One at a time, so the stream's order is the events' order. */
  const store = async (batch: readonly StoredEvent[]) => {
    const writer = new DynamoDbEventStore(table.documentClient, table.tableName);
    for (const event of batch) await writer.insertAll([event]);
  };
  const notifications = async () =>
    (await readFile(join(localDir, 'notifications.ndjson'), 'utf8').catch(() => ''))
      .split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { subject: string }).subject);
  const cli = (...args: string[]) => runTsx('bin/cli.ts', ['siem', ...args, '--local-dir', localDir, '--json']);

  beforeAll(async () => {
    siem = await SiemTestbed.start();
    table = await createTestTable('siem-outage');
    localDir = await mkdtemp(join(tmpdir(), 'dmis-siem-outage-'));
    await siem.writeConfig(localDir, [siem.syslogDestination(), siem.webhookDestination()]);
    await writeFile(join(localDir, 'runtime.json'), JSON.stringify({ dynamodbEndpoint: table.endpoint, tableName: table.tableName }));
    forwarder = await startLocalSiem({ localDir, endpoint: table.endpoint, client: table.client, tableName: table.tableName,
      drainIntervalMs: 200, alarmAfterSeconds: 2 });
  }, LONG_MS);

  afterAll(async () => {
    await forwarder?.stop();
    await siem?.stop();
  });

  it('keeps what arrives while both destinations are down and delivers all of it in order when they are back', async () => {
    await store(events.slice(0, 10));
    await waitFor(async () => ((await syslogSeqs()).length === 10 && webhookSeqs().length === 10 ? true : undefined), LONG_MS);

    await siem.rsyslog.stop();
    siem.webhook.outage = true;
    await store(events.slice(10, 40));
    const status = await waitFor(async () => {
      const run = await cli('status');
      const rows = JSON.parse(run.stdout || '[]') as { destination: string; length: number }[];
      return rows.length === 2 && rows.every((r) => r.length === 30) ? rows : undefined;
    }, LONG_MS);
    expect(status.map((r) => r.destination)).toEqual(['soc-syslog', 'soc-webhook']);
    await waitFor(async () => ((await notifications()).filter((s) => s.includes(' down for ')).length === 2 ? true : undefined), LONG_MS);

    await siem.rsyslog.resume();
    siem.webhook.outage = false;
    await store(events.slice(40));
    await waitFor(async () => ((await syslogSeqs()).length >= 45 && webhookSeqs().length >= 45 ? true : undefined), LONG_MS);
    expect(await syslogSeqs()).toEqual(range(0, 45));
    expect(webhookSeqs()).toEqual(range(0, 45));
    await waitFor(async () => ((await notifications()).filter((s) => s.endsWith(' caught up')).length === 2 ? true : undefined), LONG_MS);
    const after = JSON.parse((await cli('status')).stdout) as { length: number }[];
    expect(after.map((r) => r.length)).toEqual([0, 0]);
  }, LONG_MS * 4);

  it('replays exactly the period asked, from inclusive to exclusive on occurredAt, oldest first', async () => {
    const before = siem.webhook.records.length;
    const from = events[12]?.occurredAt as string;
    const to = events[20]?.occurredAt as string;
    const run = await cli('replay', '--destination', 'soc-webhook', '--from', from, '--to', to);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ destination: 'soc-webhook', from, to, sent: 8 });
    // The replay itself is an audit.export in the trail; stored, it reaches the SIEM like any event.
    const replayRecord = () =>
      (siem.webhook.records.slice(before) as StoredEvent[]).find((r) => r.eventType === 'audit.export' && r.target?.id === 'soc-webhook');
    await waitFor(async () => (webhookSeqs().slice(before).filter((seq) => seq !== undefined).length >= 8 && replayRecord() ? true : undefined), LONG_MS);
    expect(webhookSeqs().slice(before).filter((seq) => seq !== undefined)).toEqual(range(12, 20));
    expect(replayRecord()).toMatchObject({
      actor: { userId: 'local:operator' },
      source: 'local:operator',
      metadata: { siemReplay: { destination: 'soc-webhook', from: new Date(from).toISOString(), to: new Date(to).toISOString() } },
    });
  }, LONG_MS);

  it('refuses a replay period that is not one, naming the option', async () => {
    const run = await cli('replay', '--destination', 'soc-webhook', '--from', '2026-11-20T11:00:00Z', '--to', '2026-11-20T10:00:00Z');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--from: from must be before to');
  }, LONG_MS);
});
