/**
 * The whole local system over HTTP, as `npm start` runs it: twelve failed logins from one
 * IP posted by the writer show as an ALARM at GET /v1/alarms (reader) and as a real-time
 * alert in .local/notifications.ndjson within seconds.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fileBlindIndexKey } from '../../lambdas/adapters/local/file-blind-index-key';
import { blindIndexOf } from '../../lambdas/core/privacy/field-cipher';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { aFailedLogin } from '../fixtures/events';
import { waitFor } from '../fixtures/wait-for';

const STARTUP_TIMEOUT_MS = 90_000;
const ATTACKER_IP = '203.0.113.99';

async function call(runtime: LocalRuntime, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}


describe('alarms over the local HTTP API', () => {
  let runtime: LocalRuntime;
  let localDir: string;
  let postedAt: number;

  beforeAll(async () => {
    localDir = await mkdtemp(join(tmpdir(), 'dmis-alarms-'));
    runtime = await startLocalRuntime({ localDir, port: 0, tableName: 'dmis-audit-local' });
    for (let i = 0; i < 12; i++) {
      await call(runtime, 'POST', '/v1/events', runtime.credentials.writer, aFailedLogin(ATTACKER_IP, `user-${i}`));
    }
    // The clock starts once the last failure is stored: the alert must follow within seconds.
    postedAt = Date.now();
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await runtime?.stop();
  });

  it('shows failed-logins in ALARM to the reader within seconds', async () => {
    // Act
    const alarm = await waitFor(async () => {
      const { body } = await call(runtime, 'GET', '/v1/alarms', runtime.credentials.reader);
      const found = (body.alarms as { name: string; state: string; value: number }[]).find((a) => a.name === 'failed-logins');
      return found?.value === 12 ? found : undefined;
    });
    // Assess
    expect(alarm).toEqual({
      name: 'failed-logins',
      state: 'ALARM',
      value: 12,
      threshold: 10,
      since: expect.any(String),
    });
  });

  it('refuses GET /v1/alarms to the writer', async () => {
    const { status } = await call(runtime, 'GET', '/v1/alarms', runtime.credentials.writer);
    expect(status).toBe(403);
  });

  it('writes the real-time alert for the IP to notifications.ndjson within seconds', async () => {
    // Ingest sealed the address: the detector counts and names it by its blind index.
    const key = `h:${blindIndexOf('ip', ATTACKER_IP, await fileBlindIndexKey(localDir)())}`;
    const alert = await waitFor(async () => {
      const text = await readFile(join(localDir, 'notifications.ndjson'), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .find((n) => n.source === 'detector' && n.detail.key === key);
    });
    expect(Date.parse(alert.publishedAt) - postedAt).toBeLessThan(10_000);
  });
});
