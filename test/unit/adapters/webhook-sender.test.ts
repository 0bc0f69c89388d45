import { mkdtemp, readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { assertWebhookUrl } from '../../../lambdas/adapters/webhook/webhook-endpoint';
import { WebhookSender } from '../../../lambdas/adapters/webhook/webhook-sender';
import { SiemDeliveryError } from '../../../lambdas/core/siem/ports';
import { siemRecord } from '../../../lambdas/core/siem/records';
import { makeSiemCerts, type SiemCerts } from '../../fixtures/siem-certs';
import { storedEvents } from '../../fixtures/siem-events';
import { WebhookReceiver } from '../../fixtures/siem-webhook';

const SECRET = 'whsec-0123456789abcdef-test';
let receiver: WebhookReceiver | undefined;
let certs: SiemCerts;

beforeAll(async () => {
  certs = await makeSiemCerts(await mkdtemp(join(tmpdir(), 'dmis-webhook-certs-')));
}, 60_000);
afterEach(async () => {
  await receiver?.stop();
  receiver = undefined;
});

const sender = (url: string, extra: Partial<ConstructorParameters<typeof WebhookSender>[0]> = {}) =>
  new WebhookSender({ destination: 'hook', url, format: 'json', secret: SECRET, initialBackoffMs: 20, ...extra });

describe('webhook sender', () => {
  it('posts the batch as one signed JSON array the receiver verifies', async () => {
    receiver = await WebhookReceiver.start(SECRET);
    const events = storedEvents(3);
    await sender(receiver.url).send(events.map((e) => siemRecord('json', e)));
    expect(receiver.posts.map((p) => p.status)).toEqual([200]);
    expect(receiver.records).toEqual(events.map((e) => JSON.parse(JSON.stringify(e))));
  });

  it('sends CEF records as an array of strings', async () => {
    receiver = await WebhookReceiver.start(SECRET);
    const events = storedEvents(2);
    await sender(receiver.url, { format: 'cef' }).send(events.map((e) => siemRecord('cef', e)));
    expect(receiver.records).toEqual(events.map((e) => siemRecord('cef', e).body));
  });

  it('is refused by a receiver holding another secret, and says so without the secret', async () => {
    receiver = await WebhookReceiver.start('another-secret-0123456789');
    const error = await sender(receiver.url, { maxElapsedMs: 200 })
      .send([siemRecord('json', storedEvents(1)[0] as never)])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiemDeliveryError);
    expect((error as Error).message).toMatch(/^hook: not delivered within \d+ ms \(last: HTTP 401\)$/);
    expect((error as Error).message).not.toContain(SECRET);
    expect(receiver.posts.every((p) => p.reason === 'bad signature')).toBe(true);
  });

  it('retries a 503 until the receiver is back', async () => {
    receiver = await WebhookReceiver.start(SECRET);
    receiver.outage = true;
    const live = receiver;
    setTimeout(() => (live.outage = false), 150);
    const [event] = storedEvents(1);
    await sender(receiver.url, { maxElapsedMs: 10_000 }).send([siemRecord('json', event as never)]);
    expect(receiver.posts.at(-1)?.status).toBe(200);
    expect(receiver.posts.filter((p) => p.status === 503).length).toBeGreaterThan(0);
    expect(receiver.eventIds()).toEqual([event?.eventId]);
  });

  it('gives up with a SiemDeliveryError once the time is spent on a receiver that is gone', async () => {
    receiver = await WebhookReceiver.start(SECRET);
    const url = receiver.url;
    await receiver.stop();
    receiver = undefined;
    const started = Date.now();
    await expect(sender(url, { maxElapsedMs: 300 }).send([siemRecord('json', storedEvents(1)[0] as never)])).rejects.toThrow(
      /^hook: not delivered within \d+ ms \(last: ECONNREFUSED\)$/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a replayed request is refused by the receiver', async () => {
    receiver = await WebhookReceiver.start(SECRET);
    await sender(receiver.url).send([siemRecord('json', storedEvents(1)[0] as never)]);
    const first = receiver.posts[0];
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(receiver?.url ?? '', { method: 'POST', headers: first?.headers }, (res) => resolve(res.statusCode ?? 0));
      req.once('error', reject);
      req.end(first?.body);
    });
    expect(status).toBe(409);
  });

  it('posts over https to a receiver whose certificate chains to the configured CA', async () => {
    const tls = { key: await readFile(certs.server.key, 'utf8'), cert: await readFile(certs.server.cert, 'utf8') };
    receiver = await WebhookReceiver.start(SECRET, tls);
    const [event] = storedEvents(1);
    await sender(receiver.url, { caPem: await readFile(certs.ca, 'utf8') }).send([siemRecord('json', event as never)]);
    expect(receiver.eventIds()).toEqual([event?.eventId]);
  });

  it('refuses an https receiver whose certificate another CA signed', async () => {
    const tls = { key: await readFile(certs.otherServer.key, 'utf8'), cert: await readFile(certs.otherServer.cert, 'utf8') };
    receiver = await WebhookReceiver.start(SECRET, tls);
    const send = sender(receiver.url, { caPem: await readFile(certs.ca, 'utf8'), maxElapsedMs: 200 });
    await expect(send.send([siemRecord('json', storedEvents(1)[0] as never)])).rejects.toThrow(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|unable to verify/);
    expect(receiver.posts).toEqual([]);
  });
});

describe('webhook URLs', () => {
  it.each(['https://siem.example.org/hook', 'http://127.0.0.1:8080/x', 'http://127.9.9.9/x', 'http://[::1]:99/x', 'http://localhost/x'])(
    'accepts %s',
    (url) => expect(assertWebhookUrl('hook', url).href).toBe(new URL(url).href),
  );

  it.each(['http://siem.example.org/hook', 'http://10.0.0.5/x', 'http://128.0.0.1/x', 'ftp://127.0.0.1/x', 'http://[::2]/x'])(
    'refuses %s, naming the destination',
    (url) => expect(() => assertWebhookUrl('hook', url)).toThrow('SIEM destination hook: url must be https, or http to a loopback address'),
  );

  it('refuses credentials in the URL without repeating them', () => {
    expect(() => assertWebhookUrl('hook', 'https://user:pa55word@siem.example.org/')).toThrow(/^SIEM destination hook: url must not carry credentials$/);
  });
});
