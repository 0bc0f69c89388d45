import { describe, expect, it } from '@jest/globals';
import { contentHashOf } from '../../../lambdas/core/content-hash';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { alarmChecks } from '../../../bin/smoke-alarm-checks';
import type { SmokeCall, SmokeResponse, SmokeRole } from '../../../bin/smoke-client';
import { eventChecks } from '../../../bin/smoke-event-checks';
import type { SmokeRow } from '../../../bin/smoke-report';
import { roleChecks } from '../../../bin/smoke-role-checks';

/**
 * The smoke checks against a scripted API: each way a deployment can be wrong shows as a
 * failed row naming it, and the rows that depend on it say they did not run.
 */

type Route = (role: SmokeRole, path: string, body?: unknown) => SmokeResponse | undefined;

/** An API that answers from `routes` in order (first non-undefined answer), else 404. */
function api(...routes: Route[]): SmokeCall {
  return async (role, path, body) => {
    for (const route of routes) {
      const answer = route(role, path, body);
      if (answer) return answer;
    }
    return { status: 404, body: { error: { code: 'not_found' } } };
  };
}

const health: Route = (_r, path) => (path === '/v1/health' ? { status: 200, body: { ok: true } } : undefined);
const refusesBadInput: Route = (_r, path, body) =>
  path === '/v1/events' && !(body as { eventId?: string }).eventId ? { status: 400, body: { error: { code: 'invalid_request' } } } : undefined;
const options = { sealTimeoutMs: 300, pollMs: 50 };
const byCheck = (rows: readonly SmokeRow[]) => Object.fromEntries(rows.map((r) => [r.check, `${r.status}: ${r.detail}`]));

/** Stores what is posted exactly as sent (no redaction), with its hash, and serves it back. */
function storingVerbatim(): Route {
  let stored: StoredEvent | undefined;
  return (_r, path, body) => {
    if (path === '/v1/events' && body) {
      const event = { ...(body as object), ingestedAt: new Date().toISOString() } as unknown as StoredEvent;
      stored = { ...event, contentHash: contentHashOf(event) };
      return { status: 201, body: { accepted: [{ eventId: stored.eventId, contentHash: stored.contentHash }] } };
    }
    if (stored && path === `/v1/events/${stored.eventId}`) return { status: 200, body: stored };
    return undefined;
  };
}

describe('eventChecks', () => {
  it('fails the write and does not run what depends on it', async () => {
    const rows = byCheck(await eventChecks(api(health, refusesBadInput, () => ({ status: 500, body: undefined })), options));
    expect(rows['event written (writer)']).toBe('fail: POST /v1/events answered 500');
    expect(rows['event read back (reader)']).toBe('skipped: not run: the write failed');
    expect(rows['proof verifies locally']).toMatch(/^skipped: not run/);
  });

  it('fails the read when the stored event shows the secret that was sent', async () => {
    const rows = byCheck(await eventChecks(api(health, refusesBadInput, storingVerbatim()), options));
    expect(rows['event read back (reader)']).toBe('fail: the secret sent in metadata.password was stored');
  });

  it('fails sealing after the timeout when the proof never appears', async () => {
    const rows = byCheck(await eventChecks(api(health, refusesBadInput, storingVerbatim()), options));
    expect(rows['event sealed in a block']).toBe('fail: not sealed within 0.3 s (is the sealer running?)');
    expect(rows['proof verifies locally']).toBe('skipped: not run: sealing failed');
  });

  it('fails when bad input is accepted', async () => {
    const rows = byCheck(await eventChecks(api(health, () => ({ status: 201, body: { accepted: [] } })), options));
    expect(rows['bad input refused']).toBe('fail: expected a JSON 400, got 201');
  });
});

describe('roleChecks', () => {
  it('fails when the reader may write', async () => {
    const rows = await roleChecks(api((role) => (role === 'reader' ? { status: 201, body: {} } : { status: 403, body: {} })), true);
    expect(rows[0]).toMatchObject({ status: 'fail', detail: 'reader POST answered 201, writer GET answered 403 (expected 403 both)' });
  });
});

describe('alarmChecks', () => {
  const alarmsIn = (state: string): Route => (_r, path) =>
    path === '/v1/alarms' ? { status: 200, body: { alarms: [{ name: 'failed-logins', state, value: 0, threshold: 3, since: 'x' }] } } : undefined;

  it('posts the threshold of failed logins and fails when the alarm never fires', async () => {
    // Prepare
    const posted: unknown[] = [];
    const recordPosts: Route = (_r, path, body) => (path === '/v1/events' ? (posted.push(body), { status: 201, body: {} }) : undefined);
    // Act
    const rows = byCheck(await alarmChecks(api(alarmsIn('OK'), recordPosts), { triggerAlarm: true, alarmTimeoutMs: 300, pollMs: 50 }));
    // Assess
    expect((posted[0] as { events: { eventType: string }[] }).events.map((e) => e.eventType)).toEqual(Array(3).fill('auth.login.failure'));
    expect(rows['alarm round trip']).toBe('fail: failed-logins not in ALARM within 0.3 s');
  });

  it('passes once the alarm shows ALARM', async () => {
    const rows = byCheck(await alarmChecks(api(alarmsIn('ALARM'), () => ({ status: 201, body: {} })), { triggerAlarm: true, alarmTimeoutMs: 300, pollMs: 50 }));
    expect(rows['alarm round trip']).toBe('pass: 3 failed logins → failed-logins ALARM');
  });
});
