import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ITEM_KEYS } from '../../lambdas/adapters/dynamodb/table-schema';
import { buildIngestServices, type IngestServices } from '../../lambdas/composition/ingest-services';
import { localSubjectKeys, type SubjectKeys } from '../../lambdas/composition/subject-keys';
import { contentHashOf } from '../../lambdas/core/content-hash';
import { ConflictError } from '../../lambdas/core/errors';
import type { AuditEventInput } from '../../lambdas/core/event-schema';
import { blindIndexOf, subjectRefOf } from '../../lambdas/core/privacy/field-cipher';
import { revealPersonalData, sealedKeyIdsOf } from '../../lambdas/core/privacy/reveal-personal-data';
import { ERASED } from '../../lambdas/core/privacy/sealed-value';
import { ensureSubjectKeyTable } from '../../local/create-subject-key-table';
import { anEvent } from '../fixtures/events';
import { createTestTable, type TestTable } from '../setup/table';

const CALLER = { principal: 'arn:aws:sts::123456789012:assumed-role/AuditWriter/dmis-api' };

/** An account change by an administrator, carrying the target user's data and the admin's own. */
function accountChange(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return anEvent({
    eventType: 'account.update',
    actor: { userId: 'admin-2', ip: '2001:DB8::7', userAgent: 'Mozilla/5.0 (X11)', sessionId: 'sess-42' },
    target: { type: 'user', id: 'jdoe' },
    metadata: { warehouse: 'WH-KGN-01', contact: { email: 'jane@example.org', phone: '+1 876 555 0142' }, fullName: 'Jane Doe' },
    changes: [{ field: 'profile.email', oldValue: 'jane.old@example.org', newValue: 'jane@example.org' }],
    ...overrides,
  });
}
const PLAINTEXTS = ['jane@example.org', 'jane.old@example.org', '876 555', 'Jane Doe', '2001:DB8::7', '2001:db8::7', 'Mozilla/5.0', 'sess-42'];

describe('personal data sealed at ingest, on DynamoDB Local', () => {
  let table: TestTable;
  let keyTable: string;
  let localDir: string;
  let keys: SubjectKeys;
  let ingest: IngestServices;
  /** A writer as a fresh Lambda instance would build it: its own caches, the same store. */
  const newWriter = () => buildIngestServices({ documentClient: table.documentClient, tableName: table.tableName, personalData: localSubjectKeys({ localDir, documentClient: table.documentClient, tableName: keyTable }) });

  beforeAll(async () => {
    table = await createTestTable('privacy-ingest');
    keyTable = `subject-keys-${randomUUID()}`;
    await ensureSubjectKeyTable(table.client, keyTable);
    localDir = await mkdtemp(join(tmpdir(), 'privacy-ingest-'));
    keys = localSubjectKeys({ localDir, documentClient: table.documentClient, tableName: keyTable });
    ingest = newWriter();
  });

  afterAll(async () => {
    await rm(localDir, { recursive: true, force: true });
  });

  const rawEventItem = async (eventId: string) =>
    JSON.stringify((await table.client.send(new GetItemCommand({ TableName: table.tableName, Key: { pk: { S: ITEM_KEYS.eventPk(eventId) }, sk: { S: ITEM_KEYS.eventSk } } }))).Item);
  const rawKeyItems = async () => (await table.client.send(new ScanCommand({ TableName: keyTable }))).Items ?? [];

  it('stores no plaintext of any personal value, only sealed strings and the ip blind', async () => {
    // Prepare
    const input = accountChange();
    // Act
    await ingest.ingestEvents.execute(input, CALLER);
    // Assess
    const raw = await rawEventItem(input.eventId as string);
    for (const plaintext of PLAINTEXTS) expect(raw).not.toContain(plaintext);
    expect(raw.match(/pii:v1:/g)).toHaveLength(8);
    expect(JSON.parse(raw).ipKey).toEqual({ S: blindIndexOf('ip', '2001:db8::7', await keys.blindIndexKey()) });
  });

  it('reads back an event whose contentHash covers the sealed form and whose values reveal', async () => {
    // Prepare
    const input = accountChange();
    await ingest.ingestEvents.execute(input, CALLER);
    // Act
    const stored = await ingest.getEvent.execute(input.eventId);
    const revealed = revealPersonalData(stored, await keys.keyStore.keysById(sealedKeyIdsOf(stored)));
    // Assess
    expect(contentHashOf(stored)).toBe(stored.contentHash);
    expect(revealed).toMatchObject({
      'actor.ip': '2001:DB8::7', 'actor.userAgent': 'Mozilla/5.0 (X11)', 'metadata.contact.email': 'jane@example.org',
      'metadata.contact.phone': '+1 876 555 0142', 'metadata.fullName': 'Jane Doe',
      'changes[0].oldValue': 'jane.old@example.org', 'changes[0].newValue': 'jane@example.org',
    });
  });

  it('takes the same event sent again, by another writer instance, as a duplicate', async () => {
    // Prepare
    const input = accountChange();
    const [first] = await ingest.ingestEvents.execute(input, CALLER);
    // Act
    const [again] = await newWriter().ingestEvents.execute(input, CALLER);
    // Assess
    expect(again).toEqual({ ...first, duplicate: true });
  });

  it('refuses the same eventId with different personal content (409), storing nothing new', async () => {
    // Prepare
    const input = accountChange();
    await ingest.ingestEvents.execute(input, CALLER);
    const before = await rawEventItem(input.eventId as string);
    // Act
    const reuse = newWriter().ingestEvents.execute({ ...input, metadata: { ...input.metadata, fullName: 'Janet Doe' } }, CALLER);
    // Assess
    await expect(reuse).rejects.toBeInstanceOf(ConflictError);
    expect(await rawEventItem(input.eventId as string)).toBe(before);
  });

  it('keeps no subject id in clear in the key store', async () => {
    // Prepare
    await ingest.ingestEvents.execute(accountChange(), CALLER);
    // Act
    const raw = JSON.stringify(await rawKeyItems());
    // Assess
    expect(raw).not.toMatch(/jdoe|admin-2/);
  });

  it('erasing the target user reads their values as [erased]; the actor\'s values and the hash stay', async () => {
    // Prepare
    const input = accountChange({ target: { type: 'user', id: `erased-${randomUUID()}` } });
    await ingest.ingestEvents.execute(input, CALLER);
    const stored = await ingest.getEvent.execute(input.eventId);
    // Act
    const destroyed = await keys.keyStore.eraseSubject(input.target?.id as string, new Date());
    const revealed = revealPersonalData(stored, await keys.keyStore.keysById(sealedKeyIdsOf(stored)));
    // Assess
    expect(destroyed).toHaveLength(1);
    expect(revealed).toMatchObject({ 'actor.ip': '2001:DB8::7', 'metadata.contact.email': ERASED, 'changes[0].newValue': ERASED });
    expect(contentHashOf(await ingest.getEvent.execute(input.eventId))).toBe(stored.contentHash);
  });
});

describe('the DynamoDB subject key store', () => {
  let table: TestTable;
  let keyTable: string;
  let localDir: string;
  let keys: SubjectKeys;

  beforeAll(async () => {
    table = await createTestTable('privacy-keys');
    keyTable = `subject-keys-${randomUUID()}`;
    await ensureSubjectKeyTable(table.client, keyTable);
    localDir = await mkdtemp(join(tmpdir(), 'privacy-keys-'));
    keys = localSubjectKeys({ localDir, documentClient: table.documentClient, tableName: keyTable });
  });

  afterAll(async () => {
    await rm(localDir, { recursive: true, force: true });
  });

  const rawItems = async () => (await table.client.send(new ScanCommand({ TableName: keyTable, ConsistentRead: true }))).Items ?? [];

  it('gives 20 concurrent first uses of a subject one key', async () => {
    // Prepare
    const subject = `subject-${randomUUID()}`;
    const stores = Array.from({ length: 20 }, () => localSubjectKeys({ localDir, documentClient: table.documentClient, tableName: keyTable }).keyStore);
    // Act
    const got = await Promise.all(stores.map((store) => store.keyFor(subject, '2030-01-01T00:00:00.000Z')));
    // Assess
    const ids = new Set(got.map((k) => k.keyId));
    expect(ids.size).toBe(1);
    const [keyId] = [...ids] as [string];
    expect((await keys.keyStore.keysById([keyId])).get(keyId)).toMatchObject({ kind: 'usable', key: { keyId } });
    expect(new Set(got.map((k) => Buffer.from(k.key).toString('hex'))).size).toBe(1);
    const ref = subjectRefOf(subject, await keys.blindIndexKey());
    const withMaterial = (await rawItems()).filter((i) => i.subjectRef?.S === ref && i.wrappedKey !== undefined);
    expect(withMaterial.map((i) => i.pk?.S)).toEqual([`KEY#${keyId}`]);
  });

  it('extends a key\'s retention end, never shortens it', async () => {
    // Prepare
    const subject = `subject-${randomUUID()}`;
    const { keyId } = await keys.keyStore.keyFor(subject, '2030-01-01T00:00:00.000Z');
    // Act
    await keys.keyStore.keyFor(subject, '2031-01-01T00:00:00.000Z');
    await keys.keyStore.keyFor(subject, '2029-01-01T00:00:00.000Z');
    // Assess
    const expiring = await keys.keyStore.listExpired(new Date('2032-01-01T00:00:00.000Z'), 1000);
    expect(expiring.find((k) => k.keyId === keyId)).toEqual({ keyId, retainUntil: '2031-01-01T00:00:00.000Z' });
    expect((await keys.keyStore.listExpired(new Date('2031-01-01T00:00:00.000Z'), 1000)).map((k) => k.keyId)).not.toContain(keyId);
  });

  it('erasing a subject removes every wrapped key and gives the next use a new key', async () => {
    // Prepare
    const subject = `subject-${randomUUID()}`;
    const first = await keys.keyStore.keyFor(subject, '2030-01-01T00:00:00.000Z');
    // Act
    const destroyed = await keys.keyStore.eraseSubject(subject, new Date('2026-12-01T00:00:00.000Z'));
    const next = await keys.keyStore.keyFor(subject, '2030-01-01T00:00:00.000Z');
    // Assess
    expect(destroyed).toEqual([first.keyId]);
    const item = (await rawItems()).find((i) => i.pk?.S === `KEY#${first.keyId}`);
    expect(item).toBeDefined();
    expect(Object.keys(item ?? {}).sort()).toEqual(['createdAt', 'erasedAt', 'pk', 'retainUntil', 'subjectRef']);
    expect((await keys.keyStore.keysById([first.keyId, next.keyId, 'never-made'])).get(first.keyId)).toEqual({ kind: 'erased', keyId: first.keyId, erasedAt: '2026-12-01T00:00:00.000Z' });
    expect(next.keyId).not.toBe(first.keyId);
  });

  it('erasing again destroys every key the subject ever had, leaving no wrapped key', async () => {
    // Prepare
    const subject = `subject-${randomUUID()}`;
    const first = await keys.keyStore.keyFor(subject, '2030-01-01T00:00:00.000Z');
    await keys.keyStore.eraseSubject(subject, new Date());
    const second = await keys.keyStore.keyFor(subject, '2030-01-01T00:00:00.000Z');
    // Act
    const destroyed = await keys.keyStore.eraseSubject(subject, new Date());
    // Assess
    expect(destroyed).toEqual([first.keyId, second.keyId].sort());
    const ref = subjectRefOf(subject, await keys.blindIndexKey());
    const items = (await rawItems()).filter((i) => i.subjectRef?.S === ref);
    expect(items.map((i) => [i.wrappedKey, i.erasedAt === undefined])).toEqual([[undefined, false], [undefined, false]]);
  });

  it('tells unknown key ids and unknown subjects apart from erased ones', async () => {
    // Act
    const states = await keys.keyStore.keysById(['never-made']);
    const erased = await keys.keyStore.eraseSubject(`nobody-${randomUUID()}`, new Date());
    // Assess
    expect([states.get('never-made'), erased]).toEqual([{ kind: 'unknown', keyId: 'never-made' }, []]);
  });

  it('lists keys past retention and stops listing one once destroyed', async () => {
    // Prepare
    const { keyId } = await keys.keyStore.keyFor(`subject-${randomUUID()}`, '2001-01-01T00:00:00.000Z');
    const listed = (await keys.keyStore.listExpired(new Date('2002-01-01T00:00:00.000Z'), 1000)).map((k) => k.keyId);
    // Act
    await keys.keyStore.destroyKey(keyId, new Date());
    // Assess
    expect(listed).toContain(keyId);
    expect((await keys.keyStore.listExpired(new Date('2002-01-01T00:00:00.000Z'), 1000)).map((k) => k.keyId)).not.toContain(keyId);
  });
});
