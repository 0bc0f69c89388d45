import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildPrivacyServices, type PrivacyServices } from '../../lambdas/composition/privacy';
import { localSubjectKeys, type SubjectKeys } from '../../lambdas/composition/subject-keys';
import { DEFAULT_PRIVACY_SETTINGS } from '../../lambdas/core/privacy/privacy-settings';
import { ensureSubjectKeyTable } from '../../local/create-subject-key-table';
import { createTestTable, type TestTable } from '../setup/table';

/**
 * The retention sweep on DynamoDB Local with the real key store and an injected clock: a
 * key is destroyed only once a day has passed after the retention end of every event
 * sealed under it, and each run is recorded as one privacy.key.expire event naming the keys.
 */

const NOW = new Date('2026-06-01T12:00:00.000Z');
const hoursBefore = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

let table: TestTable;
let keys: SubjectKeys;

beforeAll(async () => {
  table = await createTestTable('privacy-expiry');
  const keyTable = `${table.tableName}-subject-keys`;
  await ensureSubjectKeyTable(table.client, keyTable);
  keys = localSubjectKeys({ localDir: await mkdtemp(join(tmpdir(), 'dmis-expiry-')), documentClient: table.documentClient, tableName: keyTable });
});
afterAll(() => table.client.destroy());

function servicesAt(clock: Date): PrivacyServices {
  return buildPrivacyServices({
    documentClient: table.documentClient, tableName: table.tableName, subjectKeys: keys, settings: DEFAULT_PRIVACY_SETTINGS, clock: () => clock,
  });
}

async function expiryRecords(): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await table.documentClient.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true }));
  return Items.filter((i) => i.eventType === 'privacy.key.expire').map((i) => i.metadata as Record<string, unknown>);
}

describe('the personal-data key retention sweep', () => {
  it('destroys only keys past retention plus a day of grace, and records the run with the key ids', async () => {
    // Prepare
    const expired = await keys.keyStore.keyFor('u-expired', hoursBefore(25));
    const inGrace = await keys.keyStore.keyFor('u-in-grace', hoursBefore(12));
    const kept = await keys.keyStore.keyFor('u-kept', '2033-06-01T00:00:00.000Z');
    // Act
    const result = await servicesAt(NOW).expireKeys.execute({ principal: 'test:sweep' });
    // Assess
    expect(result).toMatchObject({ keysDestroyed: 1, keyIds: [expired.keyId], more: false, expiredBefore: hoursBefore(24) });
    const states = await keys.keyStore.keysById([expired.keyId, inGrace.keyId, kept.keyId]);
    expect([expired, inGrace, kept].map((k) => states.get(k.keyId)?.kind)).toEqual(['erased', 'usable', 'usable']);
    expect(await expiryRecords()).toEqual([expect.objectContaining({ count: 1, keyIds: [expired.keyId], more: false })]);
  });

  it('destroys the key once its grace day has passed too, and never the one still retained', async () => {
    // Prepare
    const inGrace = await keys.keyStore.keyFor('u-in-grace', hoursBefore(12));
    const kept = await keys.keyStore.keyFor('u-kept', '2033-06-01T00:00:00.000Z');
    const twoDaysLater = new Date(NOW.getTime() + 2 * 86_400_000);
    // Act
    const result = await servicesAt(twoDaysLater).expireKeys.execute({ principal: 'test:sweep' });
    // Assess
    expect(result.keyIds).toEqual([inGrace.keyId]);
    const states = await keys.keyStore.keysById([inGrace.keyId, kept.keyId]);
    expect([states.get(inGrace.keyId)?.kind, states.get(kept.keyId)?.kind]).toEqual(['erased', 'usable']);
  });

  it('records a run that found nothing due, with a count of 0', async () => {
    const result = await servicesAt(NOW).expireKeys.execute({ principal: 'test:sweep' });
    expect(result).toMatchObject({ keysDestroyed: 0, keyIds: [] });
    expect((await expiryRecords()).filter((m) => m.count === 0)).toHaveLength(1);
  });
});
