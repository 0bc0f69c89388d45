import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbEventStore } from '../../lambdas/adapters/dynamodb/dynamodb-event-store';
import { toEventItem } from '../../lambdas/adapters/dynamodb/event-item';
import { ITEM_KEYS } from '../../lambdas/adapters/dynamodb/table-schema';
import { buildVerifierServices } from '../../lambdas/composition/verifier';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import { GetEvent, ItemIdentityError } from '../../lambdas/core/get-event';
import { buildInclusionProof, verifyInclusionProof } from '../../lambdas/core/integrity/proof';
import { createVerifierHandler } from '../../lambdas/functions/verifier/handler';
import { sealedDynamoDbSampleChain, type DynamoDbIntegrityHarness } from '../fixtures/integrity/dynamodb-harness';
import { TAMPER_NOW } from '../fixtures/integrity/tamper-setup';
import { storedEventAt } from '../fixtures/integrity/events';
import { at, errorsOf } from '../fixtures/integrity/harness';

/**
 * The tamper suite, continued: attacks that keep every hash intact (swapped items, an edited
 * index key), an insert into the past, and a lost table block, against DynamoDB Local and
 * the local archive folder. Each is named by event or block, or (for the lost block) does
 * not break the proofs around it.
 */

const NOW = TAMPER_NOW;
let h: DynamoDbIntegrityHarness;
let events: StoredEvent[];

beforeEach(async () => {
  ({ h, events } = await sealedDynamoDbSampleChain());
});
afterEach(async () => {
  await h.dispose();
});

const ev = (i: number): StoredEvent => events[i] as StoredEvent;

describe('tampering with item identity', () => {
  /** Puts `event`'s item under `under`'s table key, as a raw PutItem by an insider could. */
  const putUnder = (event: StoredEvent, under: StoredEvent) =>
    h.table.documentClient.send(
      new PutCommand({
        TableName: h.table.tableName,
        Item: { ...toEventItem(event), pk: ITEM_KEYS.eventPk(under.eventId), sk: ITEM_KEYS.eventSk },
      }),
    );

  it('names both events when two whole items are swapped, and a read refuses the wrong event', async () => {
    // Prepare
    await putUnder(ev(0), ev(3));
    await putUnder(ev(3), ev(0));
    // Act
    const report = await h.verify(NOW);
    const read = new GetEvent(new DynamoDbEventStore(h.table.documentClient, h.table.tableName)).execute(ev(0).eventId);
    // Assess
    expect(errorsOf(report)).toEqual([
      { code: 'item_key_mismatch', seq: 0, eventId: ev(0).eventId },
      { code: 'item_key_mismatch', seq: 1, eventId: ev(3).eventId },
    ]);
    await expect(read).rejects.toThrow(ItemIdentityError);
  });

  it('is named by the scheduled verifier too, through its own composition', async () => {
    // Prepare
    await putUnder(ev(0), ev(3));
    await putUnder(ev(3), ev(0));
    const metrics: Record<string, number> = {};
    const table = { documentClient: h.table.documentClient, tableName: h.table.tableName };
    const recorded: unknown[] = [];
    const verify = createVerifierHandler({
      ...buildVerifierServices({ ...table, archive: h.archive, signer: h.signer, sealer: h.config }),
      // The result event is dated 2030 like the chain; ingest would refuse it as from the future.
      ingestEvents: {
        execute: async (event) => {
          recorded.push(event);
          return [];
        },
      },
      metric: (name, value) => void (metrics[name] = value),
      principal: 'scheduled:test',
      now: () => new Date(at(NOW + 60)),
    });
    // Act
    const report = await verify();
    // Assess
    expect(errorsOf(report).filter((f) => f.code === 'item_key_mismatch')).toHaveLength(2);
    expect(metrics.IntegrityFailures).toBeGreaterThanOrEqual(2);
    expect(recorded).toHaveLength(1);
  });

  it('names the event whose actor index key was edited to hide it from actor searches', async () => {
    // Prepare
    await h.table.documentClient.send(
      new UpdateCommand({
        TableName: h.table.tableName,
        Key: { pk: ITEM_KEYS.eventPk(ev(4).eventId), sk: ITEM_KEYS.eventSk },
        UpdateExpression: 'SET actorKey = :other',
        ExpressionAttributeValues: { ':other': 'nobody' },
      }),
    );
    // Act
    const report = await h.verify(NOW);
    // Assess
    expect(errorsOf(report)).toEqual([{ code: 'index_key_mismatch', seq: 1, eventId: ev(4).eventId }]);
    expect(report.findings.find((f) => f.code === 'index_key_mismatch')?.message).toContain('actorKey');
  });
});

describe('inserting into the past', () => {
  it('names an event inserted into the newest sealed interval and sealed late, with its seal delay', async () => {
    // Prepare: block 3 is [180 s, 240 s); the insert claims 230 s and the next run seals it into block 4.
    const inserted = storedEventAt(at(230), 'backdated');
    await h.ingest(inserted);
    const run = await h.seal(NOW + 60);
    // Act
    const report = await h.verify(NOW + 60);
    // Assess
    expect(run.lateEventIds).toEqual([inserted.eventId]);
    expect(errorsOf(report)).toEqual([{ code: 'late_sealed_event', seq: 4, eventId: inserted.eventId }]);
    expect(report.findings[0]?.sealDelaySeconds).toBe(70);
  });
});

describe('a block missing from the table', () => {
  it('still proves events around a middle block deleted from the table, from the archive', async () => {
    // Prepare
    await h.deleteBlock(1);
    const deps = { store: h.store, archive: h.archive, publicKeyPem: () => h.signer.publicKeyPem() };
    // Act
    const proofs = await Promise.all([ev(0), ev(3), ev(6)].map((e) => buildInclusionProof(deps, e)));
    const report = await h.verify(NOW);
    // Assess
    expect(proofs.map((p) => p.block.seq)).toEqual([0, 1, 3]);
    expect(proofs.map((p, i) => verifyInclusionProof(p, { event: [ev(0), ev(3), ev(6)][i] }).ok)).toEqual([
      true,
      true,
      true,
    ]);
    expect(errorsOf(report)).toEqual([{ code: 'block_missing_in_table', seq: 1 }]);
  });
});
