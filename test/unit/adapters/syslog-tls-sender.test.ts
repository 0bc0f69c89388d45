import { mkdtemp, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { SyslogTlsSender, type SyslogTlsOptions } from '../../../lambdas/adapters/syslog/syslog-tls-sender';
import { SiemDeliveryError, type SiemRecord } from '../../../lambdas/core/siem/ports';
import { octetCountingFrame } from '../../../lambdas/core/siem/syslog';
import { makeSiemCerts, type SiemCerts } from '../../fixtures/siem-certs';
import { waitFor } from '../../fixtures/wait-for';

let certs: SiemCerts;
const pem: Record<string, string> = {};
let server: Server | undefined;

beforeAll(async () => {
  certs = await makeSiemCerts(await mkdtemp(join(tmpdir(), 'dmis-syslog-certs-')));
  const files = { ca: certs.ca, serverCert: certs.server.cert, serverKey: certs.server.key, otherCert: certs.otherServer.cert,
    otherKey: certs.otherServer.key, clientCert: certs.client.cert, clientKey: certs.client.key, otherCa: certs.otherCa };
  for (const [name, file] of Object.entries(files)) pem[name] = await readFile(file, 'utf8');
}, 60_000);
const open: TLSSocket[] = [];
afterEach(async () => {
  for (const socket of open.splice(0)) socket.destroy();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A TLS server on loopback that collects the bytes each connection sends. */
async function listen(options: { cert?: string; key?: string; requestCert?: boolean; host?: string } = {}) {
  const received: Buffer[] = [];
  const peers: (string | undefined)[] = [];
  const sockets: TLSSocket[] = [];
  server = createServer({
    cert: options.cert ?? pem.serverCert, key: options.key ?? pem.serverKey, ca: pem.ca,
    requestCert: options.requestCert ?? false, rejectUnauthorized: options.requestCert ?? false,
  }, (socket) => {
    sockets.push(socket);
    open.push(socket);
    const cn: string | string[] | undefined = socket.getPeerCertificate()?.subject?.CN;
    peers.push(Array.isArray(cn) ? cn[0] : cn);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => undefined);
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server?.listen(0, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, text: () => Buffer.concat(received).toString('utf8'), peers, sockets };
}

const records = (...bodies: string[]): SiemRecord[] => bodies.map((body, i) => ({ eventId: `e${i}`, ingestedAt: '2026-11-20T10:00:00.000Z', body }));
const senderTo = (port: number, extra: Partial<SyslogTlsOptions> = {}) =>
  new SyslogTlsSender({ destination: 'siem', host: '127.0.0.1', port, caPem: pem.ca as string,
    frame: (r) => octetCountingFrame(r.body), initialBackoffMs: 50, ...extra });

describe('syslog TLS sender', () => {
  it('writes each record octet-counted on one verified connection', async () => {
    const tls = await listen();
    const sender = senderTo(tls.port);
    await sender.send(records('<110>1 first', 'zweite é'));
    await sender.send(records('third'));
    await waitFor(async () => (tls.text().endsWith('third') ? true : undefined));
    expect(tls.text()).toBe('12 <110>1 first9 zweite é5 third');
    expect(tls.sockets).toHaveLength(1);
    await sender.close();
  });

  it('refuses a server whose certificate another CA signed, and sends nothing', async () => {
    const tls = await listen({ cert: pem.otherCert, key: pem.otherKey });
    const error = await senderTo(tls.port).send(records('secret-free')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiemDeliveryError);
    expect((error as Error).message).toMatch(/^siem: cannot connect to 127\.0\.0\.1:\d+ \(UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    expect(tls.text()).toBe('');
  });

  it('refuses a certificate that does not name the host it connects to', async () => {
    const tls = await listen({ host: '127.0.0.2' });
    // The server certificate names 127.0.0.1 and localhost only.
    const error = await senderTo(tls.port, { host: '127.0.0.2' }).send(records('x')).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
    expect(tls.text()).toBe('');
  });

  it('presents its client certificate when the server asks for one (mutual TLS)', async () => {
    const tls = await listen({ requestCert: true });
    const sender = senderTo(tls.port, { clientCertPem: pem.clientCert, clientKeyPem: pem.clientKey });
    await sender.send(records('mtls'));
    await waitFor(async () => (tls.text() === '4 mtls' ? true : undefined));
    expect(tls.peers).toEqual(['client']);
    await sender.close();
  });

  it('fails without a client certificate when the server requires one', async () => {
    const tls = await listen({ requestCert: true });
    const error = await senderTo(tls.port).send(records('a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiemDeliveryError);
    expect((error as Error).message).toMatch(/^siem: cannot connect to 127\.0\.0\.1:\d+ \(.*CERTIFICATE_REQUIRED/);
    expect(tls.text()).toBe('');
  });

  it('never names the client key in an error', async () => {
    const key = pem.clientKey as string;
    const create = () => new SyslogTlsSender({ destination: 'siem', host: '127.0.0.1', port: 1, caPem: pem.ca as string,
      clientKeyPem: key, frame: (r) => octetCountingFrame(r.body) });
    expect(create).toThrow('siem: a client certificate needs its key, and a key its certificate');
    const broken = senderTo(1, { clientCertPem: pem.clientCert, clientKeyPem: `${key.slice(0, 60)}garbage\n-----END PRIVATE KEY-----\n` });
    const error = (await broken.send(records('x')).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(SiemDeliveryError);
    expect(error.message).not.toContain(key.slice(30, 60));
  });

  it('backs off after a failed connection and reconnects once the server is back', async () => {
    let now = 1_000;
    const tls = await listen();
    const port = tls.port;
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    const sender = senderTo(port, { now: () => now, initialBackoffMs: 1000 });
    await expect(sender.send(records('x'))).rejects.toThrow(/ECONNREFUSED/);
    await expect(sender.send(records('x'))).rejects.toThrow('siem: down, next connection attempt in 1000 ms');
    now += 1000;
    await expect(sender.send(records('x'))).rejects.toThrow(/ECONNREFUSED/);
    await expect(sender.send(records('x'))).rejects.toThrow('siem: down, next connection attempt in 2000 ms');
    now += 2000;
    const back = await listenOn(port);
    await sender.send(records('back'));
    await waitFor(async () => (back.text() === '4 back' ? true : undefined));
    await sender.close();
  });

  it('reconnects when the server closed the connection', async () => {
    const tls = await listen();
    const sender = senderTo(tls.port);
    await sender.send(records('one'));
    await waitFor(async () => (tls.sockets.length === 1 ? true : undefined));
    tls.sockets[0]?.end();
    await waitFor(async () => (tls.sockets[0]?.destroyed ? true : undefined));
    await waitFor(async () => (await sender.send(records('two')).then(() => true, () => undefined)));
    await waitFor(async () => (tls.text().endsWith('3 two') ? true : undefined));
    expect(tls.sockets.length).toBeGreaterThanOrEqual(2);
    await sender.close();
  });
});

/** A server on a given port (after the first was closed). */
async function listenOn(port: number) {
  const received: Buffer[] = [];
  server = createServer({ cert: pem.serverCert, key: pem.serverKey }, (socket) => {
    open.push(socket);
    socket.on('data', (c: Buffer) => received.push(c));
  });
  await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
  return { text: () => Buffer.concat(received).toString('utf8') };
}
