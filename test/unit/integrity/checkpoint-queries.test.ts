import { beforeEach, describe, expect, it } from '@jest/globals';
import { NotFoundError, ValidationError } from '../../../lambdas/core/errors';
import { DEFAULT_LOG_ORIGIN } from '../../../lambdas/core/integrity/checkpoint';
import { verifyConsistency } from '../../../lambdas/core/integrity/consistency';
import { openKeptCheckpoint } from '../../../lambdas/core/integrity/kept-checkpoint';
import { CheckpointQueries } from '../../../lambdas/core/query/checkpoint-queries';
import type { IntegrityHarness } from '../../fixtures/integrity/harness';
import { sealedSampleChain } from '../../fixtures/integrity/tamper-setup';

/** The checkpoint routes' use cases over a sealed chain: what an auditor without table access checks. */

const caller = { principal: 'local:reader' };
let h: IntegrityHarness;
let reads: unknown[];
let queries: CheckpointQueries;
beforeEach(async () => {
  ({ h } = await sealedSampleChain());
  reads = [];
  const auditor = { record: async (...args: unknown[]) => void reads.push(args) };
  queries = new CheckpointQueries({ published: h.checkpoints, archive: h.archive, auditor });
});

describe('checkpoint queries', () => {
  it('serves the newest checkpoint, which verifies with the signing key', async () => {
    // Act
    const latest = await queries.latest(caller);
    // Assess
    const checkpoint = openKeptCheckpoint(latest.note, DEFAULT_LOG_ORIGIN, [await h.signer.publicKeyPem()]);
    expect(latest).toMatchObject({ treeSize: 7, rootHash: checkpoint.rootHex, origin: DEFAULT_LOG_ORIGIN });
    expect(reads).toHaveLength(1);
  });

  it('proves a kept checkpoint consistent with the newest one', async () => {
    // Prepare: the auditor kept the checkpoint at 3; the newest is at 7.
    const pem = await h.signer.publicKeyPem();
    const old = openKeptCheckpoint(h.checkpoints.notes.get(3)!, DEFAULT_LOG_ORIGIN, [pem]);
    const now = openKeptCheckpoint((await queries.latest(caller)).note, DEFAULT_LOG_ORIGIN, [pem]);
    // Act
    const { proof } = await queries.consistency({ from: '3', to: '7' }, caller);
    // Assess
    expect(verifyConsistency(3, 7, proof, old.rootHex, now.rootHex)).toBe(true);
  });

  it.each([
    [{ from: '0', to: '7' }],
    [{ from: '5', to: '3' }],
    [{ from: 'x', to: '7' }],
    [{ to: '7' }],
    [{ from: '1', to: '2', extra: '1' }],
  ])('refuses %j as invalid, reading nothing', async (params) => {
    // Act / Assess
    await expect(queries.consistency(params, caller)).rejects.toThrow(ValidationError);
    expect(reads).toEqual([]);
  });

  it('answers 404 for a tree size the log does not reach', async () => {
    await expect(queries.consistency({ from: '3', to: '8' }, caller)).rejects.toThrow(NotFoundError);
  });

  it('answers 404 before the first checkpoint', async () => {
    // Prepare
    const empty = new CheckpointQueries({ archive: h.archive, auditor: { record: async () => {} } });
    // Act / Assess
    await expect(empty.latest(caller)).rejects.toThrow(NotFoundError);
  });
});
