import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { anEvent } from '../fixtures/events';

/** A JVM start on a busy two-core CI machine can take tens of seconds. */
const STARTUP_TIMEOUT_MS = 90_000;
const tempLocalDir = () => mkdtemp(join(tmpdir(), 'dmis-runtime-'));
const start = (localDir: string) => startLocalRuntime({ localDir, port: 0, tableName: 'dmis-audit-local' });

/** Real HTTP against the running runtime; `token` undefined sends no Authorization header. */
async function call(runtime: LocalRuntime, method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const init: RequestInit = { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
  const response = await fetch(`${runtime.apiUrl}${path}`, init);
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

describe('local runtime over HTTP', () => {
  let runtime: LocalRuntime;
  let localDir: string;

  beforeAll(async () => {
    localDir = await tempLocalDir();
    runtime = await start(localDir);
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await runtime?.stop();
  });

  it('answers health without a credential', async () => {
    const res = await call(runtime, 'GET', '/v1/health');
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('rejects a write without a credential with 401', async () => {
    const res = await call(runtime, 'POST', '/v1/events', undefined, anEvent());
    expect({ status: res.status, code: (res.body.error as { code: string }).code }).toEqual({ status: 401, code: 'unauthorized' });
  });

  it('rejects an unknown token with 401 and does not echo it', async () => {
    const res = await call(runtime, 'GET', '/v1/events/x', 'not-a-real-token-1234567890');
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('not-a-real-token');
  });

  it('forbids a reader to write', async () => {
    const res = await call(runtime, 'POST', '/v1/events', runtime.credentials.reader, anEvent());
    expect({ status: res.status, code: (res.body.error as { code: string }).code }).toEqual({ status: 403, code: 'forbidden' });
  });

  it('forbids a writer to read', async () => {
    const res = await call(runtime, 'GET', '/v1/events/x', runtime.credentials.writer);
    expect({ status: res.status, code: (res.body.error as { code: string }).code }).toEqual({ status: 403, code: 'forbidden' });
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const res = await call(runtime, 'GET', '/v1/nowhere', runtime.credentials.reader);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: expect.any(String), details: [] } },
    });
  });

  it('refuses a body over 1 MB with 413 and stores nothing', async () => {
    // Prepare
    const event = anEvent({ metadata: { filler: 'x'.repeat(1024 * 1024) } });
    // Act
    const res = await call(runtime, 'POST', '/v1/events', runtime.credentials.writer, event);
    // Assess
    const read = await call(runtime, 'GET', `/v1/events/${event.eventId}`, runtime.credentials.reader);
    expect([res.status, read.status]).toEqual([413, 404]);
  });

  it('reads back a posted event, with the writer recorded as its source', async () => {
    // Prepare
    const event = anEvent();
    // Act
    const posted = await call(runtime, 'POST', '/v1/events', runtime.credentials.writer, event);
    const read = await call(runtime, 'GET', `/v1/events/${event.eventId}`, runtime.credentials.reader);
    // Assess
    const accepted = (posted.body.accepted as { contentHash: string }[])[0];
    expect(posted.status).toBe(201);
    expect({ status: read.status, source: read.body.source, hash: read.body.contentHash }).toEqual({
      status: 200,
      source: 'local:writer',
      hash: accepted?.contentHash,
    });
  });

  it('writes runtime.json with where to reach it', async () => {
    const info: unknown = JSON.parse(await readFile(join(localDir, 'runtime.json'), 'utf8'));
    expect(info).toEqual({
      apiUrl: runtime.apiUrl, dynamodbEndpoint: runtime.dynamodbEndpoint, tableName: 'dmis-audit-local',
      subjectKeyTableName: 'dmis-audit-local-subject-keys', hotWindowSeconds: runtime.hotWindowSeconds,
    });
  });
});

describe('local runtime restart', () => {
  it('keeps events and credentials across a restart on the same data folder', async () => {
    // Prepare
    const localDir = await tempLocalDir();
    const first = await start(localDir);
    const event = anEvent();
    await call(first, 'POST', '/v1/events', first.credentials.writer, event).finally(() => first.stop());
    // Act
    const second = await start(localDir);
    const read = await call(second, 'GET', `/v1/events/${event.eventId}`, second.credentials.reader).finally(() => second.stop());
    // Assess
    expect({ status: read.status, eventId: read.body.eventId, sameTokens: second.credentials }).toEqual({
      status: 200,
      eventId: event.eventId,
      sameTokens: first.credentials,
    });
  }, 2 * STARTUP_TIMEOUT_MS);
});
