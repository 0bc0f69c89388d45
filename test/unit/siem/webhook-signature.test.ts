/**
 * The webhook signature against a vector computed here with node:crypto, tampering and
 * replay refused, and the Node and Python snippets MONITORING.md gives receivers, run
 * against real signatures.
 */
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { signWebhook, verifyWebhook } from '../../../lambdas/core/siem/webhook-signature';

const SECRET = 'whsec-test-0123456789abcdef';
const BODY = '[{"eventId":"b3c04b98-7d4b-4c1e-9a2f-b3c04b98b3c0","reason":"é \\u2028"}]';
const NOW = 1_795_169_731;

/** Lower-case header names, as node:http hands them to a receiver. */
const received = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

describe('signWebhook', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 of the secret', () => {
    const expected = createHmac('sha256', SECRET).update(`${NOW}.${BODY}`, 'utf8').digest('hex');
    expect(signWebhook(SECRET, NOW, BODY)).toEqual({ 'X-DMIS-Timestamp': String(NOW), 'X-DMIS-Signature': `v1=${expected}` });
  });

  it('refuses a timestamp that is not whole seconds', () => {
    expect(() => signWebhook(SECRET, 1.5, BODY)).toThrow(RangeError);
  });
});

describe('verifyWebhook', () => {
  const signed = received(signWebhook(SECRET, NOW, BODY));

  it('accepts its own signature, headers in any case or as fetch Headers', () => {
    expect(verifyWebhook(SECRET, signed, BODY, NOW + 10)).toEqual({ ok: true });
    expect(verifyWebhook(SECRET, signWebhook(SECRET, NOW, BODY), BODY, NOW)).toEqual({ ok: true });
    expect(verifyWebhook(SECRET, new Headers(signed), BODY, NOW)).toEqual({ ok: true });
  });

  it('rejects a tampered body, a changed timestamp and another secret', () => {
    expect(verifyWebhook(SECRET, signed, BODY.replace('é', 'e'), NOW)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyWebhook(SECRET, { ...signed, 'x-dmis-timestamp': String(NOW + 1) }, BODY, NOW)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyWebhook(`${SECRET}x`, signed, BODY, NOW)).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('rejects a replayed (old) request and one from the future, beyond the tolerance', () => {
    expect(verifyWebhook(SECRET, signed, BODY, NOW + 301)).toEqual({ ok: false, reason: 'stale timestamp' });
    expect(verifyWebhook(SECRET, signed, BODY, NOW - 301)).toEqual({ ok: false, reason: 'future timestamp' });
    expect(verifyWebhook(SECRET, signed, BODY, NOW + 301, 600)).toEqual({ ok: true });
  });

  it('rejects missing or malformed headers', () => {
    expect(verifyWebhook(SECRET, { 'x-dmis-signature': signed['x-dmis-signature']! }, BODY, NOW)).toEqual({ ok: false, reason: 'missing timestamp' });
    expect(verifyWebhook(SECRET, { 'x-dmis-timestamp': String(NOW) }, BODY, NOW)).toEqual({ ok: false, reason: 'missing signature' });
    expect(verifyWebhook(SECRET, { ...signed, 'x-dmis-timestamp': '1e9' }, BODY, NOW)).toEqual({ ok: false, reason: 'malformed timestamp' });
    expect(verifyWebhook(SECRET, { ...signed, 'x-dmis-signature': 'v1=abc' }, BODY, NOW)).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('accepts any one matching v1 value of several (secret rotation)', () => {
    const other = signWebhook('another-secret-0123456789', NOW, BODY)['X-DMIS-Signature'];
    expect(verifyWebhook(SECRET, { ...signed, 'x-dmis-signature': `${other}, ${signed['x-dmis-signature']}` }, BODY, NOW)).toEqual({ ok: true });
  });
});

describe('the receiver snippets in MONITORING.md', () => {
  const doc = readFileSync(new URL('../../../MONITORING.md', import.meta.url), 'utf8');
  const snippet = (language: string) => {
    const match = new RegExp(`### Verifying a webhook[\\s\\S]*?\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(doc);
    if (!match) throw new Error(`no ${language} snippet in MONITORING.md`);
    return match[1]!;
  };
  const now = Math.floor(Date.now() / 1000);
  const cases: Record<string, string>[] = [
    signWebhook(SECRET, now, BODY), // fresh and right
    { ...signWebhook(SECRET, now, BODY), 'X-DMIS-Signature': signWebhook(SECRET, now, `${BODY} `)['X-DMIS-Signature']! }, // tampered
    signWebhook(SECRET, now - 3600, BODY), // replayed
  ];

  it('are at most 15 lines each', () => {
    expect(snippet('js').trimEnd().split('\n').length).toBeLessThanOrEqual(15);
    expect(snippet('python').trimEnd().split('\n').length).toBeLessThanOrEqual(15);
  });

  it('Node: accepts what signWebhook signs, rejects tampering and replay', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dmis-webhook-'));
    const file = join(dir, 'verify.mjs');
    const calls = cases.map((h) => `verifyDmisWebhook(${JSON.stringify(SECRET)}, ${JSON.stringify(received(h))}, ${JSON.stringify(BODY)})`);
    writeFileSync(file, `${snippet('js')}\nconsole.log(JSON.stringify([${calls.join(', ')}]));\n`);
    expect(JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }))).toEqual([true, false, false]);
  });

  it('Python: accepts what signWebhook signs, rejects tampering and replay', () => {
    const calls = cases.map((h) => `verify_dmis_webhook(${JSON.stringify(SECRET)}, ${JSON.stringify(h)}, ${JSON.stringify(BODY)}.encode())`);
    const code = `${snippet('python')}\nimport json\nprint(json.dumps([${calls.join(', ')}]))\n`;
    expect(JSON.parse(execFileSync('python3', ['-c', code], { encoding: 'utf8' }))).toEqual([true, false, false]);
  });
});
