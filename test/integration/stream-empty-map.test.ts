/**
 * Events holding an empty object reach detection: DynamoDB Local's stream sends an empty
 * map as a bare `{}`, and failed logins with `"newState": {}` must still yield their
 * security lines, count towards the failed-logins alarm and trip the brute-force detector,
 * with nothing parked.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildAuditServices } from '../../lambdas/composition/audit-services';
import { startLocalMonitoring, type LocalMonitoring } from '../../local/monitoring';
import { readParked } from '../../local/stream-parked';
import { aFailedLogin } from '../fixtures/events';
import { createTestTable } from '../setup/table';
import { waitFor } from '../fixtures/wait-for';

const ATTACKER_IP = '203.0.113.77';
const LOGINS = 12;

const linesOf = async (file: string) =>
  (await readFile(file, 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('failed logins holding an empty object', () => {
  const events = Array.from({ length: LOGINS }, (_, i) => ({
    ...aFailedLogin(ATTACKER_IP, `user-${i}`),
    newState: {},
  }));
  let monitoring: LocalMonitoring;
  let localDir: string;

  beforeAll(async () => {
    const table = await createTestTable('empty-map');
    localDir = await mkdtemp(join(tmpdir(), 'dmis-empty-map-'));
    monitoring = await startLocalMonitoring({ localDir, ...table, pollIntervalMs: 50 });
    await buildAuditServices({ documentClient: table.documentClient, tableName: table.tableName }).ingestEvents.execute(
      { events },
      { principal: 'local:writer' },
    );
  }, 60_000);

  afterAll(async () => {
    await monitoring?.stop();
  });

  it('yields one security line per event', async () => {
    const ids = await waitFor(async () => {
      const lines = await linesOf(join(localDir, 'security.ndjson'));
      return lines.length >= LOGINS ? lines.map((l) => l.eventId) : undefined;
    }, 45_000);
    expect(ids.sort()).toEqual(events.map((e) => e.eventId).sort());
  }, 60_000);

  it('is counted by the failed-logins alarm', async () => {
    const alarm = await waitFor(async () => {
      const found = (await monitoring.alarms.list()).find((a) => a.name === 'failed-logins');
      return found?.value === LOGINS ? found : undefined;
    }, 45_000);
    expect(alarm.state).toBe('ALARM');
  }, 60_000);

  it('trips the brute-force detector for the source IP', async () => {
    const alert = await waitFor(async () => {
      const notes = await linesOf(join(localDir, 'notifications.ndjson'));
      return notes.find((n) => n.source === 'detector' && (n.detail as { key?: string }).key === ATTACKER_IP);
    }, 45_000);
    expect(alert).toBeDefined();
  }, 60_000);

  it('parks nothing', async () => {
    expect(await readParked(join(localDir, 'stream-failures.ndjson'))).toEqual([]);
  });
});
