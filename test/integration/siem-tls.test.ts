/**
 * The syslog destination's TLS, against a real rsyslogd: mutual TLS when rsyslog requires
 * a client certificate, and refusals that send nothing (a server certificate from another
 * CA; no client certificate where one is required), the events waiting in the backlog.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDbEventStore } from '../../lambdas/adapters/dynamodb/dynamodb-event-store';
import { FileSiemBacklog } from '../../lambdas/adapters/local/file-siem-backlog';
import type { LocalSiemDestination } from '../../lambdas/core/siem/destinations';
import { localSiemPaths, startLocalSiem, type LocalSiem } from '../../local/siem';
import { makeSiemCerts, type SiemCerts } from '../fixtures/siem-certs';
import { storedEvents } from '../fixtures/siem-events';
import { parseCef, parseSyslog5424 } from '../fixtures/siem-parse';
import { RsyslogServer, type RsyslogOptions } from '../fixtures/siem-rsyslog';
import { waitFor } from '../fixtures/wait-for';
import { createTestTable } from '../setup/table';

const LONG_MS = 120_000;

describe('syslog destination TLS against rsyslog', () => {
  let dir: string;
  let certs: SiemCerts;
  const running: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dmis-siem-tls-'));
    certs = await makeSiemCerts(join(dir, 'certs'));
  }, LONG_MS);
  afterAll(async () => {
    for (const r of running.reverse()) await r.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function rsyslog(name: string, options: Partial<RsyslogOptions>): Promise<RsyslogServer> {
    const server = await RsyslogServer.start({ dir: join(dir, name), ca: certs.ca, server: certs.server, ...options });
    running.push(server);
    return server;
  }

  /** A forwarder to one syslog destination, on its own table; stores `n` events through it. */
  async function forwardTo(name: string, port: number, mtls: boolean, n = 5) {
    const table = await createTestTable(`siem-${name}`);
    const localDir = join(dir, `local-${name}`);
    const destination: LocalSiemDestination = {
      name, kind: 'syslog', format: 'cef', host: '127.0.0.1', port, caFile: certs.ca,
      ...(mtls ? { certFile: certs.client.cert, keyFile: certs.client.key } : {}),
    };
    await mkdir(localDir, { recursive: true });
    await writeFile(join(localDir, 'siem.json'), JSON.stringify({ destinations: [destination] }));
    const siem = (await startLocalSiem({ localDir, endpoint: table.endpoint, client: table.client, tableName: table.tableName, drainIntervalMs: 200 })) as LocalSiem;
    running.push(siem);
    const events = storedEvents(n);
    const store = new DynamoDbEventStore(table.documentClient, table.tableName);
    for (const event of events) await store.insertAll([event]);
    const backlog = () => new FileSiemBacklog(localSiemPaths(localDir).backlog).status(name);
    return { events, backlog };
  }

  const externalIds = async (server: RsyslogServer) =>
    (await server.received()).map((line) => parseCef(parseSyslog5424(line).msg).extension.externalId);

  it('delivers over mutual TLS when rsyslog requires a client certificate', async () => {
    const server = await rsyslog('mtls', { clientAuth: 'x509/certvalid' });
    const { events, backlog } = await forwardTo('mtls-ok', server.port, true);
    await waitFor(async () => ((await server.received()).length >= events.length ? true : undefined), LONG_MS);
    expect(await externalIds(server)).toEqual(events.map((e) => e.eventId));
    expect((await backlog()).length).toBe(0);
  }, LONG_MS);

  it('sends nothing without a client certificate where rsyslog requires one, and keeps the events', async () => {
    const server = await rsyslog('mtls-missing', { clientAuth: 'x509/certvalid' });
    const { events, backlog } = await forwardTo('mtls-missing', server.port, false);
    await waitFor(async () => ((await backlog()).length === events.length ? true : undefined), LONG_MS);
    expect(await server.received()).toEqual([]);
  }, LONG_MS);

  it('refuses a server whose certificate another CA signed: nothing sent, the events kept', async () => {
    const server = await rsyslog('wrong-ca', { server: certs.otherServer, ca: certs.otherCa });
    const { events, backlog } = await forwardTo('wrong-ca', server.port, false);
    await waitFor(async () => ((await backlog()).length === events.length ? true : undefined), LONG_MS);
    expect(await server.received()).toEqual([]);
  }, LONG_MS);
});
