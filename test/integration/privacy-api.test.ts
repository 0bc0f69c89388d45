import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SUBJECT_KEY_ITEMS } from '../../lambdas/adapters/dynamodb/subject-key-table-schema';
import type { AuditEventInput, StoredEvent } from '../../lambdas/core/event-schema';
import { ErasureResultSchema, PersonalDataViewSchema, SubjectExportSchema } from '../../lambdas/core/api/route-schemas';
import { verifyInclusionProof, type InclusionProof } from '../../lambdas/core/integrity/proof';
import { ERASED, isSealedValue, parseSealedValue } from '../../lambdas/core/privacy/sealed-value';
import { createLocalClients } from '../../local/clients';
import { startLocalApi, type LocalApi } from '../../local/http-server';
import { createAuthenticator } from '../../local/credentials';
import { openLocalPrivacy } from '../../local/privacy';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { runTsx } from '../fixtures/run-tsx';
import { waitFor } from '../fixtures/wait-for';

/**
 * The privacy officer's routes on the running local stack: personal data is readable in
 * clear only with pii:read, every clear read and export is itself an audit event, erasure
 * destroys one person's keys while every proof and `npm run verify` still pass, and a legal
 * hold refuses an erasure (recorded as denied). Blocks are 2 s so sealing is quick; every
 * wait is on a condition, bounded generously for a busy two-core machine.
 */

const STARTUP_TIMEOUT_MS = 90_000;
const SEAL_WAIT_MS = 90_000;
const LONG_TEST_MS = 240_000;
/** Four CLI runs, each a tsx child loading the project. */
const CLI_TEST_MS = 480_000;

const run = randomUUID().slice(0, 8);
const alice = `alice-${run}`;
const bob = `bob-${run}`;
const held = `held-${run}`;
const formerlyHeld = `formerly-held-${run}`;
const email = (who: string) => `${who}@example.org`;

let runtime: LocalRuntime;
let localDir: string;

beforeAll(async () => {
  Object.assign(process.env, { BLOCK_SECONDS: '2', SEAL_GRACE_SECONDS: '1' });
  localDir = await mkdtemp(join(tmpdir(), 'dmis-privacy-stack-'));
  await writeFile(join(localDir, 'privacy.json'), JSON.stringify({
    legalHolds: [
      { id: 'case-2026-17', reason: 'litigation hold', subjects: [held], until: '2099-12-31' },
      { id: 'case-2019-03', reason: 'closed case', subjects: [formerlyHeld], until: '2020-01-01T00:00:00Z' },
    ],
  }));
  runtime = await startLocalRuntime({ localDir, port: 0, tableName: 'dmis-audit-local' });
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await runtime?.stop();
  delete process.env.BLOCK_SECONDS;
  delete process.env.SEAL_GRACE_SECONDS;
});

type Role = 'writer' | 'reader' | 'privacy';

async function call(role: Role, path: string, body?: unknown, apiUrl = runtime.apiUrl) {
  const response = await fetch(`${apiUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${runtime.credentials[role]}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

/** A login by `userId` about themselves, with an e-mail in metadata: every personal field sealed under their key. */
function loginOf(userId: string, ip: string, occurredAt: string): AuditEventInput {
  return {
    eventId: randomUUID(), occurredAt, eventType: 'auth.login.success',
    actor: { userId, ip, userAgent: `Browser/${userId}` },
    target: { type: 'user', id: userId }, outcome: 'success',
    metadata: { email: email(userId), warehouse: 'WH-KGN-01' },
  };
}

async function ingest(events: AuditEventInput[]): Promise<string[]> {
  const res = await call('writer', '/v1/events', { events });
  expect(res.status).toBe(201);
  return (res.json().accepted as { eventId: string }[]).map((a) => a.eventId);
}

const personalData = (role: Role, eventId: string) => call(role, `/v1/events/${eventId}/personal-data`);
const fieldsOf = async (eventId: string) => (await personalData('privacy', eventId)).json().fields as Record<string, unknown>;

async function storedEvent(eventId: string): Promise<StoredEvent> {
  return (await call('reader', `/v1/events/${eventId}`)).json() as unknown as StoredEvent;
}

function proofOf(eventId: string): Promise<InclusionProof> {
  return waitFor(async () => {
    const res = await call('reader', `/v1/events/${eventId}/proof`);
    return res.status === 200 ? (res.json() as unknown as InclusionProof) : undefined;
  }, SEAL_WAIT_MS);
}

/** The audit events of one type recorded for a target user, found by search as an auditor would. */
async function recorded(eventType: string, targetType: string, targetId: string): Promise<StoredEvent[]> {
  const query = new URLSearchParams({ eventType, targetType, targetId }).toString();
  return ((await call('reader', `/v1/events?${query}`)).json().events as StoredEvent[]);
}

describe('who may read personal data', () => {
  it('answers the privacy officer in clear and leaves the stored event sealed', async () => {
    // Prepare
    const [eventId] = await ingest([loginOf(alice, '198.51.100.40', '2026-11-20T09:00:00.000Z')]);
    // Act
    const res = await personalData('privacy', eventId!);
    const stored = await storedEvent(eventId!);
    // Assess
    expect(res.status).toBe(200);
    expect(PersonalDataViewSchema.safeParse(res.json()).success).toBe(true);
    expect(res.json()).toEqual({
      eventId,
      fields: { 'actor.ip': '198.51.100.40', 'actor.userAgent': `Browser/${alice}`, 'metadata.email': email(alice) },
    });
    expect([stored.actor.ip, stored.metadata?.email].every(isSealedValue)).toBe(true);
  });

  it('refuses the reader (403) on personal data and subject export by default', async () => {
    // Prepare
    const [eventId] = await ingest([loginOf(bob, '198.51.100.41', '2026-11-20T09:01:00.000Z')]);
    // Act
    const statuses = [
      (await personalData('reader', eventId!)).status,
      (await call('reader', `/v1/subjects/${bob}/export`)).status,
      (await call('reader', `/v1/subjects/${bob}/erasure`, { reason: 'asked' })).status,
    ];
    // Assess
    expect(statuses).toEqual([403, 403, 403]);
  });

  it('lets the reader read personal data, but never erase, where auditorsReadPersonalData is granted', async () => {
    // Prepare: a second front over the same data, with the grant (.local/privacy.json on a restart)
    const [eventId] = await ingest([loginOf(bob, '198.51.100.42', '2026-11-20T09:02:00.000Z')]);
    const { client, documentClient } = createLocalClients(runtime.dynamodbEndpoint);
    const privacy = await openLocalPrivacy({ localDir, client, documentClient, tableName: runtime.tableName, env: {} });
    const granted: LocalApi = await startLocalApi({
      port: 0,
      authenticate: createAuthenticator(runtime.credentials),
      handlers: { ingest: privacy.handler, query: privacy.handler, alarms: privacy.handler, privacy: privacy.handler },
      personalDataGrants: { auditorsReadPersonalData: true },
    });
    try {
      // Act
      const read = await call('reader', `/v1/events/${eventId}/personal-data`, undefined, granted.url);
      const erase = await call('reader', `/v1/subjects/${bob}/erasure`, { reason: 'asked' }, granted.url);
      // Assess
      expect(read.status).toBe(200);
      expect((read.json().fields as Record<string, unknown>)['actor.ip']).toBe('198.51.100.42');
      expect(erase.status).toBe(403);
    } finally {
      await granted.stop();
      client.destroy();
    }
  });
});

describe('every clear read and export is audited', () => {
  it('records a personal-data read as privacy.personal_data.read, findable by search', async () => {
    // Prepare
    const [eventId] = await ingest([loginOf(alice, '198.51.100.43', '2026-11-20T09:03:00.000Z')]);
    // Act
    await personalData('privacy', eventId!);
    // Assess
    const reads = await recorded('privacy.personal_data.read', 'audit_event', eventId!);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actor: { userId: 'local:privacy' }, metadata: { eventId, fieldCount: 3 } });
  });

  it('exports a subject newest first with clear fields and proofs that verify, recorded as privacy.subject.export', async () => {
    // Prepare
    const subject = `export-${run}`;
    const ids = await ingest([
      loginOf(subject, '198.51.100.50', '2026-11-20T08:00:00.000Z'),
      loginOf(subject, '198.51.100.51', '2026-11-20T08:05:00.000Z'),
      { ...loginOf('officer-9', '198.51.100.52', '2026-11-20T08:10:00.000Z'), eventType: 'account.update', metadata: { email: email(subject) }, target: { type: 'user', id: subject } },
    ]);
    await Promise.all(ids.map(proofOf));
    // Act
    const res = await call('privacy', `/v1/subjects/${subject}/export`);
    // Assess
    expect(res.status).toBe(200);
    expect(SubjectExportSchema.safeParse(res.json()).success).toBe(true);
    const body = res.json() as unknown as { events: { event: StoredEvent; personalData: Record<string, unknown>; proof: InclusionProof }[] };
    expect(body.events.map((e) => e.event.eventId)).toEqual([ids[2], ids[1], ids[0]]);
    expect(body.events.map((e) => e.personalData['metadata.email'])).toEqual([email(subject), email(subject), email(subject)]);
    // The officer who changed the account is someone else: their own fields are not the subject's to see.
    expect(body.events.map((e) => e.personalData['actor.ip'])).toEqual([undefined, '198.51.100.51', '198.51.100.50']);
    expect(body.events.map((e) => verifyInclusionProof(e.proof, { event: e.event }).ok)).toEqual([true, true, true]);
    const exports = await recorded('privacy.subject.export', 'user', subject);
    expect(exports.map((e) => e.metadata)).toEqual([expect.objectContaining({ format: 'json', resultCount: 3 })]);
  }, LONG_TEST_MS);

  it('exports CSV with one row per event and the decrypted fields in columns', async () => {
    // Prepare
    const subject = `csv-${run}`;
    await ingest([{ ...loginOf(subject, '198.51.100.60', '2026-11-20T08:00:00.000Z'), metadata: { email: `=HYPERLINK("x")@example.org` } }]);
    // Act
    const res = await call('privacy', `/v1/subjects/${subject}/export?format=csv`);
    // Assess
    const [header, row, end] = res.text.split('\r\n');
    expect(res.status).toBe(200);
    expect(header).toBe('eventId,occurredAt,eventType,outcome,actorUserId,targetType,targetId,subjectRole,contentHash,actor.ip,actor.userAgent,metadata.email');
    expect(row).toContain(',198.51.100.60,');
    expect(row).toContain(`'=HYPERLINK(""x"")@example.org`);
    expect(end).toBe('');
  });

  it('refuses an unknown export format with 400', async () => {
    const res = await call('privacy', `/v1/subjects/${alice}/export?format=xml`);
    expect([res.status, res.json().error]).toEqual([400, expect.objectContaining({ code: 'invalid_request' })]);
  });
});

describe('erasure', () => {
  it('destroys one person\'s keys: their fields read [erased], proofs and verify still pass, the other\'s fields still decrypt', async () => {
    // Prepare
    const subject = `erase-${run}`;
    const other = `keep-${run}`;
    const [erasedId, keptId] = await ingest([
      loginOf(subject, '198.51.100.70', '2026-11-20T07:00:00.000Z'),
      loginOf(other, '198.51.100.71', '2026-11-20T07:00:01.000Z'),
    ]);
    await Promise.all([erasedId!, keptId!].map(proofOf));
    const keyIds = sealedKeyIds(await storedEvent(erasedId!));
    // Act
    const res = await call('privacy', `/v1/subjects/${subject}/erasure`, { reason: 'subject asked for erasure' });
    const again = await call('privacy', `/v1/subjects/${subject}/erasure`, { reason: 'asked again' });
    // Assess
    expect(res.status).toBe(200);
    expect(ErasureResultSchema.safeParse(res.json()).success).toBe(true);
    expect(res.json()).toMatchObject({ subjectId: subject, keysDestroyed: keyIds.length });
    expect(again.json()).toMatchObject({ keysDestroyed: 0 });
    expect(await fieldsOf(erasedId!)).toEqual({ 'actor.ip': ERASED, 'actor.userAgent': ERASED, 'metadata.email': ERASED });
    expect((await fieldsOf(keptId!))['metadata.email']).toBe(email(other));
    for (const id of [erasedId!, keptId!]) {
      const proof = (await call('reader', `/v1/events/${id}/proof`)).json() as unknown as InclusionProof;
      expect(verifyInclusionProof(proof, { event: await storedEvent(id) })).toEqual({ ok: true, problems: [] });
    }
    expect(await rawKeyItems(keyIds)).toEqual(keyIds.map(() => expect.not.objectContaining({ wrappedKey: expect.anything() })));
    const records = await recorded('privacy.subject.erase', 'user', subject);
    expect(records.map((r) => r.metadata)).toEqual([
      expect.objectContaining({ reason: 'asked again', keyIds }),
      expect.objectContaining({ reason: 'subject asked for erasure', keyIds }),
    ]);
    const verify = await runTsx('bin/verify.ts', ['--local-dir', localDir]);
    expect(verify.code).toBe(0);
  }, LONG_TEST_MS);

  it('refuses with 409 legal_hold naming the hold, erases nothing, and records the refusal as denied', async () => {
    // Prepare
    const [eventId] = await ingest([loginOf(held, '198.51.100.80', '2026-11-20T06:00:00.000Z')]);
    // Act
    const res = await call('privacy', `/v1/subjects/${held}/erasure`, { reason: 'subject asked' });
    // Assess
    expect(res.status).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'legal_hold',
      details: [
        { path: 'legalHold.id', message: 'case-2026-17' },
        { path: 'legalHold.reason', message: 'litigation hold' },
        { path: 'legalHold.until', message: '2099-12-31' },
      ],
    });
    expect((await fieldsOf(eventId!))['actor.ip']).toBe('198.51.100.80');
    const refusals = await recorded('privacy.subject.erase', 'user', held);
    expect(refusals.map((e) => [e.outcome, e.metadata?.legalHold])).toEqual([['denied', 'case-2026-17']]);
  });

  it('erases once a hold has passed its until', async () => {
    await ingest([loginOf(formerlyHeld, '198.51.100.81', '2026-11-20T06:00:00.000Z')]);
    const res = await call('privacy', `/v1/subjects/${formerlyHeld}/erasure`, { reason: 'subject asked' });
    expect([res.status, res.json().keysDestroyed]).toEqual([200, 1]);
  });

  it.each([
    ['no reason', {}],
    ['an empty reason', { reason: '' }],
    ['a reason over 500 characters', { reason: 'x'.repeat(501) }],
    ['an unknown field', { reason: 'ok', force: true }],
  ])('refuses %s with 400 and erases nothing', async (_name, body) => {
    // Prepare
    const subject = `bad-body-${randomUUID()}`;
    const [eventId] = await ingest([loginOf(subject, '198.51.100.90', '2026-11-20T06:00:00.000Z')]);
    // Act
    const res = await call('privacy', `/v1/subjects/${subject}/erasure`, body);
    // Assess
    expect([res.status, res.json().error]).toEqual([400, expect.objectContaining({ code: 'invalid_request' })]);
    expect((await fieldsOf(eventId!))['actor.ip']).toBe('198.51.100.90');
    expect(await recorded('privacy.subject.erase', 'user', subject)).toEqual([]);
  });
});

describe('dmis-audit subject', () => {
  const cli = (...args: string[]) => runTsx('bin/cli.ts', ['subject', ...args, '--local-dir', localDir]);

  it('exports a subject to a CSV file, erases them, and names a legal hold it is refused by', async () => {
    // Prepare
    const subject = `cli-${run}`;
    await ingest([loginOf(subject, '198.51.100.100', '2026-11-20T05:00:00.000Z')]);
    const out = join(localDir, 'subject.csv');
    // Act
    const exported = await cli('export', subject, '--format', 'csv', '--out', out);
    const erased = await cli('erase', subject, '--reason', 'subject asked', '--json');
    const refused = await cli('erase', held, '--reason', 'subject asked');
    const swept = await cli('expire-keys', '--json');
    // Assess
    expect(exported.code).toBe(0);
    expect((await readFile(out, 'utf8')).split('\r\n')[1]).toContain(',198.51.100.100,');
    expect([erased.code, JSON.parse(erased.stdout).keysDestroyed]).toEqual([0, 1]);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('409 legal_hold')]);
    expect(refused.stderr).toContain('legalHold.id: case-2026-17');
    expect([swept.code, JSON.parse(swept.stdout).keysDestroyed]).toEqual([0, 0]);
  }, CLI_TEST_MS);
});

function sealedKeyIds(event: StoredEvent): string[] {
  const values = [event.actor.ip, event.actor.userAgent, event.metadata?.email];
  return [...new Set(values.map((v) => parseSealedValue(v)?.keyId).filter((id): id is string => id !== undefined))].sort();
}

/** The key store's raw items for these key ids, read with GetItem, not through the store. */
async function rawKeyItems(keyIds: readonly string[]): Promise<Record<string, unknown>[]> {
  const { documentClient, client } = createLocalClients(runtime.dynamodbEndpoint);
  try {
    const items = await Promise.all(keyIds.map(async (keyId) =>
      (await documentClient.send(new GetCommand({ TableName: runtime.subjectKeyTableName, Key: { pk: SUBJECT_KEY_ITEMS.keyPk(keyId) } }))).Item,
    ));
    const scan = await documentClient.send(new ScanCommand({ TableName: runtime.subjectKeyTableName }));
    // Every key item of the erased ids exists (erasure keeps a marker) and the scan agrees.
    expect(scan.Items?.filter((i) => keyIds.some((id) => i.pk === SUBJECT_KEY_ITEMS.keyPk(id)))).toHaveLength(keyIds.length);
    return items.map((i) => i ?? {});
  } finally {
    client.destroy();
  }
}
