import { beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_LOG_ORIGIN, readCheckpointClaim, verifyCheckpoint } from '../../../lambdas/core/integrity/checkpoint';
import { storedEventAt } from '../../fixtures/integrity/events';
import type { IntegrityHarness } from '../../fixtures/integrity/harness';
import { at, errorsOf } from '../../fixtures/integrity/harness';
import { TAMPER_NOW as NOW, rehashed, resign, sealedSampleChain } from '../../fixtures/integrity/tamper-setup';

/** The one growing log across blocks, its published checkpoints, and tail truncation against them. */

let h: IntegrityHarness;
beforeEach(async () => {
  ({ h } = await sealedSampleChain());
});

/** The kept checkpoint at `treeSize`, verified with the harness's key as an auditor would. */
async function kept(treeSize: number) {
  const result = verifyCheckpoint(
    h.checkpoints.notes.get(treeSize)!,
    DEFAULT_LOG_ORIGIN,
    await h.signer.publicKeyPem(),
  );
  if (!result.ok) throw new Error(result.reason);
  return result.checkpoint;
}

/** Deletes the newest blocks with their events and archive objects, as an insider with table and archive access could. */
function truncateFrom(seq: number): void {
  for (const [s, block] of [...h.store.blocks]) {
    if (s < seq) continue;
    h.store.blocks.delete(s);
    h.archive.blocks.delete(s);
    h.archive.events.delete(s);
    for (const [id, e] of h.table.events) if (e.ingestedAt >= block.from) h.table.events.delete(id);
  }
}

describe('the one growing log', () => {
  it('gives every block the size and root of the whole log after it', () => {
    // Assess: blocks of 3, 2, 0 and 2 leaves
    const heads = [0, 1, 2, 3].map((s) => h.store.blocks.get(s)!.treeSize);
    expect(heads).toEqual([3, 5, 5, 7]);
  });

  it('publishes one verifiable checkpoint per tree size, the newest last', async () => {
    // Act
    const latest = readCheckpointClaim((await h.checkpoints.latest())!);
    const checkpoint = await kept(7);
    // Assess
    expect([...h.checkpoints.notes.keys()].sort()).toEqual([3, 5, 7]);
    expect(latest).toMatchObject({ origin: DEFAULT_LOG_ORIGIN, treeSize: 7 });
    expect(checkpoint.rootHex).toBe(h.store.blocks.get(3)!.treeRoot);
  });

  it('verifies clean against a kept checkpoint', async () => {
    // Act
    const report = await h.verify(NOW, undefined, await kept(5));
    // Assess
    expect(errorsOf(report)).toEqual([]);
  });

  it('names a signed tree head that does not match the log', async () => {
    // Prepare: block 1 re-signed (with the real key) claiming another root for the log.
    const block = h.archive.blocks.get(1)!;
    const forged = await resign({ ...block.block, treeRoot: 'ab'.repeat(32) }, h.signer);
    h.archive.blocks.set(1, { ...block, block: forged });
    h.store.blocks.set(1, forged);
    // Act
    const report = await h.verify(NOW);
    // Assess: block 2 no longer links to it either
    expect(errorsOf(report)).toEqual([
      { code: 'tree_head_mismatch', seq: 1 },
      { code: 'chain_broken', seq: 2 },
    ]);
  });

  it("extends the log from the archive when the table block's frontier was edited", async () => {
    // Prepare
    const block = h.store.blocks.get(3)!;
    h.store.blocks.set(3, { ...block, frontier: ['ab'.repeat(32)] });
    h.ingest(storedEventAt(at(250)));
    // Act
    const sealed = h.seal(NOW + 60);
    // Assess
    await expect(sealed).resolves.toMatchObject({ sealed: [{ seq: 4, treeSize: 8 }] });
    expect(errorsOf(await h.verify(NOW + 60))).toEqual([{ code: 'block_differs_from_archive', seq: 3 }]);
  });
});

describe('tail truncation against published checkpoints', () => {
  it('refuses to seal again when the table is behind the published checkpoint', async () => {
    // Prepare: the newest two blocks go, with their events and archive objects.
    truncateFrom(2);
    // Act
    const run = await h.seal(NOW + 120);
    // Assess
    expect(run.sealed).toEqual([]);
    expect(run.resealRefused).toEqual({ tableTreeSize: 5, publishedTreeSize: 7 });
  });

  it('names the truncation by tree size against a kept checkpoint, even after the sealer re-sealed', async () => {
    // Prepare: the auditor kept the checkpoint at 7; the insider truncates and also removes the published checkpoints.
    const checkpoint = await kept(7);
    truncateFrom(2);
    h.checkpoints.notes.clear();
    h.checkpoints.newest = undefined;
    await h.seal(NOW + 120);
    // Act
    const report = await h.verify(NOW + 120, undefined, checkpoint);
    // Assess: the re-sealed heartbeat blocks look fine on their own; only the kept checkpoint catches it
    expect(errorsOf(report)).toEqual([{ code: 'checkpoint_truncated', seq: 5 }]);
    expect(report.findings.find((f) => f.code === 'checkpoint_truncated')?.message).toMatch(/tree size 7/);
  });

  it('names a rewrite of history before a kept checkpoint', async () => {
    // Prepare: an event of block 1 is replaced by another, re-hashed; the chain from block 1 is re-sealed.
    const checkpoint = await kept(7);
    truncateFrom(1);
    h.checkpoints.notes.clear();
    h.checkpoints.newest = undefined;
    h.ingest(rehashed(storedEventAt(at(70))), storedEventAt(at(80)), storedEventAt(at(200)), storedEventAt(at(230)));
    await h.seal(NOW);
    // Act
    const report = await h.verify(NOW, undefined, checkpoint);
    // Assess
    expect(errorsOf(report)).toContainEqual({ code: 'checkpoint_inconsistent', seq: 3 });
  });
});
