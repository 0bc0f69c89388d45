import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { GENESIS_PREV_HASH, computeBlockHash, inLeafOrder, rootOfLeaves } from '../../../lambdas/core/integrity/block';
import { EMPTY_TREE_ROOT, hexToBytes } from '../../../lambdas/core/integrity/merkle';
import { msUntilDue, sealDueBlocks } from '../../../lambdas/core/integrity/sealer';
import { createSignatureVerifier } from '../../../lambdas/core/integrity/signature';
import { storedEventAt } from '../../fixtures/integrity/events';
import type { InMemoryBlockStore } from '../../fixtures/integrity/fakes';
import { IntegrityHarness, at } from '../../fixtures/integrity/harness';

describe('sealDueBlocks', () => {
  it('seals nothing before the interval end plus grace', async () => {
    // Prepare
    const h = new IntegrityHarness();
    h.ingest(storedEventAt(at(5)));
    // Act
    const result = await h.seal(69);
    // Assess
    expect(result.sealed).toEqual([]);
  });

  it('seals the events ingested in a due interval into block 0 after the genesis hash', async () => {
    // Prepare
    const h = new IntegrityHarness();
    const events = [storedEventAt(at(5)), storedEventAt(at(59.999)), storedEventAt(at(1))];
    h.ingest(...events, storedEventAt(at(60)));
    // Act
    const { sealed } = await h.seal(70);
    // Assess
    expect(sealed).toHaveLength(1);
    expect(sealed[0]).toMatchObject({
      seq: 0,
      from: at(0),
      to: at(60),
      count: 3,
      prevBlockHash: GENESIS_PREV_HASH,
      late: [],
    });
    expect(sealed[0]?.merkleRoot).toBe(rootOfLeaves(inLeafOrder(events)));
  });

  it('writes a heartbeat block with count 0 for an empty interval', async () => {
    // Prepare
    const h = new IntegrityHarness();
    // Act
    const { sealed } = await h.seal(70);
    // Assess
    expect(sealed[0]).toMatchObject({ seq: 0, count: 0, merkleRoot: EMPTY_TREE_ROOT.toString('hex') });
  });

  it('catches up block by block, each linking to the previous one', async () => {
    // Prepare
    const h = new IntegrityHarness();
    h.ingest(storedEventAt(at(130)));
    // Act
    const { sealed } = await h.seal(5 * 60 + 10);
    // Assess
    expect(sealed.map((b) => [b.seq, b.from, b.to, b.count])).toEqual([
      [0, at(0), at(60), 0],
      [1, at(60), at(120), 0],
      [2, at(120), at(180), 1],
      [3, at(180), at(240), 0],
      [4, at(240), at(300), 0],
    ]);
    expect(sealed.slice(1).map((b) => b.prevBlockHash)).toEqual(sealed.slice(0, -1).map((b) => b.blockHash));
  });

  it('continues from the newest stored block on the next run, sealing nothing twice', async () => {
    // Prepare
    const h = new IntegrityHarness();
    await h.seal(70);
    // Act
    const again = await h.seal(70);
    const next = await h.seal(130);
    // Assess
    expect(again.sealed).toEqual([]);
    expect(next.sealed.map((b) => b.seq)).toEqual([1]);
  });

  it('hashes the canonical block without blockHash and signature, and signs those 32 bytes', async () => {
    // Prepare
    const h = new IntegrityHarness();
    const { sealed } = await h.seal(70);
    const block = sealed[0]!;
    const verifier = createSignatureVerifier({ [h.signer.keyId]: await h.signer.publicKeyPem() });
    // Act
    const { blockHash, signature, ...content } = block;
    // Assess
    expect(computeBlockHash(content)).toBe(blockHash);
    expect(verifier.verify(block.keyId, hexToBytes(blockHash), signature)).toBe(true);
  });

  it('archives the leaves and events in leaf order: ingestedAt, then eventId', async () => {
    // Prepare
    const h = new IntegrityHarness();
    const same = [storedEventAt(at(7)), storedEventAt(at(7)), storedEventAt(at(3))];
    h.ingest(...same);
    // Act
    await h.seal(70);
    // Assess
    const expected = inLeafOrder(same).map((e) => e.eventId);
    expect(h.archive.blocks.get(0)?.leaves.map((l) => l.eventId)).toEqual(expected);
    expect(h.archive.events.get(0)?.map((e) => e.eventId)).toEqual(expected);
  });

  it('seals an event that lands in an already-sealed interval in the next block, flagged late', async () => {
    // Prepare
    const h = new IntegrityHarness();
    await h.seal(70);
    const late = storedEventAt(at(30));
    h.ingest(late);
    // Act
    const { sealed, lateEventIds } = await h.seal(130);
    // Assess
    expect(sealed[0]).toMatchObject({ seq: 1, count: 1, late: [late.eventId] });
    expect(lateEventIds).toEqual([late.eventId]);
  });

  it('adopts a block archived by a run that crashed before the table write', async () => {
    // Prepare
    const h = new IntegrityHarness();
    h.ingest(storedEventAt(at(5)));
    const failingStore = Object.assign(Object.create(h.store) as InMemoryBlockStore, {
      putBlock: () => Promise.reject(new Error('table unavailable')),
    });
    await expect(sealDueBlocks({ ...h.sealDeps, store: failingStore }, h.config, new Date(at(70)))).rejects.toThrow(
      'table unavailable',
    );
    // Act
    const { sealed } = await h.seal(70);
    // Assess
    expect(sealed[0]).toEqual(h.archive.blocks.get(0)?.block);
    expect(h.store.blocks.get(0)).toEqual(h.archive.blocks.get(0)?.block);
  });

  it('reports an event whose stored contentHash does not match its content', async () => {
    // Prepare
    const h = new IntegrityHarness();
    const event = storedEventAt(at(5));
    h.ingest({ ...event, reason: 'changed before sealing' } as StoredEvent);
    // Act
    const { hashMismatches } = await h.seal(70);
    // Assess
    expect(hashMismatches).toEqual([event.eventId]);
  });

  it('refuses a block length that is not a positive whole number of seconds', async () => {
    // Prepare
    const h = new IntegrityHarness();
    // Act
    const run = sealDueBlocks(h.sealDeps, { ...h.config, blockSeconds: 0 }, new Date(at(70)));
    // Assess
    await expect(run).rejects.toThrow(/blockSeconds/);
  });
});

describe('msUntilDue', () => {
  const config = { blockSeconds: 60, graceSeconds: 20, waitForDueSeconds: 30 };

  it.each([
    ['at the minute', '2030-01-01T00:01:00.000Z', 20_000],
    ['5 s into it', '2030-01-01T00:01:05.000Z', 15_000],
    ['once the grace has passed', '2030-01-01T00:01:20.000Z', 0],
    ['mid-interval', '2030-01-01T00:01:40.000Z', 0],
  ])('waits out the grace of the minute just closed %s', (_name, now, ms) => {
    expect(msUntilDue(config, new Date(now))).toBe(ms);
  });

  it('never waits unless configured to', () => {
    expect(msUntilDue({ blockSeconds: 60, graceSeconds: 20 }, new Date('2030-01-01T00:01:00.000Z'))).toBe(0);
  });
});
