/**
 * Twelve failed logins from one IP, through ingest and the real DynamoDB Local stream:
 * the failed-logins alarm shows ALARM at GET /v1/alarms's handler and the real-time
 * detector's alert (counted in DynamoDB Local) is in notifications.ndjson within seconds.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildAuditServices } from '../../lambdas/composition/audit-services';
import { startLocalMonitoring, type LocalMonitoring } from '../../local/monitoring';
import { aFailedLogin } from '../fixtures/events';
import { createTestTable } from '../setup/table';
import { waitFor } from '../fixtures/wait-for';

const ATTACKER_IP = '198.51.100.66';


describe('twelve failed logins from one IP', () => {
  let monitoring: LocalMonitoring;
  let localDir: string;
  let startedAt: number;

  beforeAll(async () => {
    const table = await createTestTable('brute');
    localDir = await mkdtemp(join(tmpdir(), 'dmis-brute-'));
    monitoring = await startLocalMonitoring({
      localDir,
      endpoint: table.endpoint,
      client: table.client,
      documentClient: table.documentClient,
      tableName: table.tableName,
      pollIntervalMs: 50,
    });
    const ingest = buildAuditServices({
      documentClient: table.documentClient,
      tableName: table.tableName,
    }).ingestEvents;
    startedAt = Date.now();
    // Twelve separate requests, twelve different usernames: only the IP ties them together.
    for (let i = 0; i < 12; i++)
      await ingest.execute(aFailedLogin(ATTACKER_IP, `victim-${i}`), { principal: 'local:writer' });
  });

  afterAll(async () => {
    await monitoring?.stop();
  });

  it('shows the failed-logins alarm in ALARM with the count and threshold', async () => {
    // Act
    const alarm = await waitFor(async () => {
      const found = (await monitoring.alarms.list()).find((a) => a.name === 'failed-logins');
      // Lines arrive one by one: wait for all twelve, then check the state they produced.
      return found?.value === 12 ? found : undefined;
    });
    // Assess
    expect(alarm).toMatchObject({ name: 'failed-logins', state: 'ALARM', value: 12, threshold: 10 });
  });

  it('answers GET /v1/alarms with the documented shape', async () => {
    // Act
    const response = await monitoring.alarms.handler();
    // Assess
    const body = JSON.parse(response.body);
    expect(body.alarms).toContainEqual({
      name: 'access-denied',
      state: 'OK',
      value: 0,
      threshold: 20,
      since: expect.any(String),
    });
  });

  it('publishes exactly one real-time alert for the source IP, within seconds', async () => {
    // Act
    const alerts = await waitFor(async () => {
      const text = await readFile(join(localDir, 'notifications.ndjson'), 'utf8').catch(() => '');
      const found = text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .filter((n) => n.source === 'detector' && n.detail.keyKind === 'sourceIp');
      return found.length > 0 ? found : undefined;
    });
    // Assess
    expect([alerts.length, alerts[0].detail.key, Date.parse(alerts[0].publishedAt) - startedAt < 10_000]).toEqual([
      1,
      ATTACKER_IP,
      true,
    ]);
  });
});
