/**
 * The SIEM forwarder in the real local stack (`npm start`'s runtime with `.local/siem.json`):
 * events posted to the API reach a real rsyslogd over TLS as CEF in RFC 5424 and a webhook
 * as signed JSON, each exactly once, every field as stored, hostile values intact.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditEventInput, StoredEvent } from '../../lambdas/core/event-schema';
import { sourceIpName } from '../../lambdas/core/privacy/sealed-ip';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { anEvent } from '../fixtures/events';
import { parseCef, parseSyslog5424 } from '../fixtures/siem-parse';
import { SiemTestbed } from '../fixtures/siem-stack';
import { waitFor } from '../fixtures/wait-for';

const STARTUP_TIMEOUT_MS = 120_000;
const HOSTILE_REASON = 'bad password\r\nCEF:0|Forged|x|1|y|z|10|act=forged suser=root\u0000 pipe| back\\slash key=value \u001b[31mred\u001b[0m';
const HOSTILE_USER = 'ev|il\\user=admin\nfake';

/** Shown in place of a control character the format cannot carry: `\u` and four hex digits. */
const decodeShown = (text: string) => text.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

describe('SIEM forwarding in the local stack', () => {
  let siem: SiemTestbed;
  let runtime: LocalRuntime;
  let stored: StoredEvent[];
  const syslogIds = async () =>
    (await siem.rsyslog.received()).map((line) => parseCef(parseSyslog5424(line).msg).extension.externalId);

  beforeAll(async () => {
    siem = await SiemTestbed.start();
    const localDir = await mkdtemp(join(tmpdir(), 'dmis-siem-runtime-'));
    await siem.writeConfig(localDir, [siem.syslogDestination(), siem.webhookDestination()]);
    runtime = await startLocalRuntime({ localDir, port: 0, tableName: 'dmis-audit-local' });
    const inputs: AuditEventInput[] = [
      ...Array.from({ length: 20 }, (_, i) => anEvent({ metadata: { seq: i } })),
      anEvent({ eventType: 'auth.login.failure', outcome: 'failure', reason: HOSTILE_REASON, actor: { userId: HOSTILE_USER, ip: '198.51.100.9' }, changes: undefined }),
    ];
    const response = await fetch(`${runtime.apiUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${runtime.credentials.writer}` },
      body: JSON.stringify({ events: inputs }),
    });
    expect(response.status).toBe(201);
    stored = await Promise.all(inputs.map(async (input) => {
      const res = await fetch(`${runtime.apiUrl}/v1/events/${input.eventId}`, { headers: { authorization: `Bearer ${runtime.credentials.reader}` } });
      return (await res.json()) as StoredEvent;
    }));
    const all = (ids: readonly (string | undefined)[]) => stored.every((e) => ids.includes(e.eventId));
    await waitFor(async () => (all(await syslogIds()) && all(siem.webhook.eventIds()) ? true : undefined), 90_000);
  }, STARTUP_TIMEOUT_MS + 90_000);

  afterAll(async () => {
    await runtime?.stop();
    await siem?.stop();
  });

  it('delivers every event to rsyslog exactly once, one message each', async () => {
    const ids = await syslogIds();
    // The reads above are audited too (audit.read): they are stored events and forwarded like any other.
    expect(ids.filter((id) => stored.some((e) => e.eventId === id)).sort()).toEqual(stored.map((e) => e.eventId).sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carries each stored event’s fields in the RFC 5424 header, its structured data and the CEF line', async () => {
    const byId = new Map(stored.map((e) => [e.eventId, e]));
    const lines = await siem.rsyslog.received();
    const ours = lines.filter((line) => byId.has(parseCef(parseSyslog5424(line).msg).extension.externalId ?? ''));
    expect(ours).toHaveLength(stored.length);
    for (const line of ours) {
      const syslog = parseSyslog5424(line);
      const cef = parseCef(syslog.msg);
      const event = byId.get(cef.extension.externalId ?? '') as StoredEvent;
      expect({
        timestamp: syslog.timestamp, appName: syslog.appName, msgId: syslog.msgId, sd: syslog.structuredData['dmis@32473'],
        vendor: cef.vendor, signatureId: cef.signatureId,
        rt: cef.extension.rt, suser: cef.extension.suser, act: cef.extension.act, outcome: cef.extension.outcome,
        cat: cef.extension.cat, contentHash: cef.extension.cs1, source: cef.extension.src ?? cef.extension.flexString1,
      }).toEqual({
        timestamp: event.occurredAt, appName: 'dmis-audit', msgId: event.eventType, sd: { eventId: event.eventId, contentHash: event.contentHash },
        vendor: 'DMIS', signatureId: event.eventType,
        rt: String(Date.parse(event.occurredAt)), suser: event.actor.userId, act: event.action, outcome: event.outcome,
        // Ingest sealed actor.ip: CEF carries its blind index (flexString1), never src.
        cat: event.category, contentHash: event.contentHash, source: sourceIpName(event.actor.ip),
      });
    }
  });

  it('keeps hostile values inside their field: no split, no forged key, CR/LF | \\ = intact, other controls shown', async () => {
    const hostile = stored.find((e) => e.reason === HOSTILE_REASON) as StoredEvent;
    const lines = (await siem.rsyslog.received()).filter((line) => line.includes(hostile.eventId));
    expect(lines).toHaveLength(1);
    const cef = parseCef(parseSyslog5424(lines[0] as string).msg);
    expect(lines[0]).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(cef.vendor).toBe('DMIS');
    expect(cef.extension.act).toBe(hostile.action);
    expect(decodeShown(cef.extension.msg ?? '')).toBe(HOSTILE_REASON);
    expect(cef.extension.msg).toContain('\r\nCEF:0|Forged|x|1|y|z|10|act=forged suser=root');
    expect(cef.extension.suser).toBe(HOSTILE_USER);
  });

  it('posts every event to the webhook exactly once, signed, equal to the stored event', async () => {
    expect(siem.webhook.posts.every((p) => p.status === 200)).toBe(true);
    const ids = siem.webhook.eventIds();
    expect(new Set(ids).size).toBe(ids.length);
    const ours = (siem.webhook.records as StoredEvent[]).filter((r) => stored.some((e) => e.eventId === r.eventId));
    const byId = (a: StoredEvent, b: StoredEvent) => a.eventId.localeCompare(b.eventId);
    expect([...ours].sort(byId)).toEqual([...stored].sort(byId));
  });
});
