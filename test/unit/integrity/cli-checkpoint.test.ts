import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { checkpointCommand } from '../../../bin/cli-checkpoint';
import type { ApiGet } from '../../../bin/cli-client';
import { CheckpointQueries } from '../../../lambdas/core/query/checkpoint-queries';
import type { IntegrityHarness } from '../../fixtures/integrity/harness';
import { sealedSampleChain } from '../../fixtures/integrity/tamper-setup';

/** `dmis-audit checkpoint save|verify` against the checkpoint routes' use cases, as the API serves them. */

let h: IntegrityHarness;
let dir: string;
let key: string;
let api: ApiGet;
beforeEach(async () => {
  ({ h } = await sealedSampleChain());
  dir = mkdtempSync(join(tmpdir(), 'cli-checkpoint-'));
  key = join(dir, 'key.pem');
  writeFileSync(key, await h.signer.publicKeyPem());
  const queries = new CheckpointQueries({
    published: h.checkpoints,
    archive: h.archive,
    auditor: { record: async () => {} },
  });
  const caller = { principal: 'local:reader' };
  api = async (path, query) => {
    const body = path.endsWith('/latest')
      ? await queries.latest(caller)
      : await queries.consistency(query as Record<string, string>, caller);
    return { status: 200, contentType: 'application/json', body: null, text: async () => JSON.stringify(body) };
  };
  jest.spyOn(console, 'log').mockImplementation(() => {});
});

const run = (sub: string, file?: string) =>
  checkpointCommand(api, sub, file, { key, localDir: dir, out: join(dir, 'kept.txt') });

describe('dmis-audit checkpoint', () => {
  it('saves the newest checkpoint note as served', async () => {
    // Act
    await run('save');
    // Assess
    expect(readFileSync(join(dir, 'kept.txt'), 'utf8')).toBe(await h.checkpoints.latest());
  });

  it('verifies that a later log extends the kept checkpoint', async () => {
    // Prepare: keep the checkpoint at 3, then the log grows.
    writeFileSync(join(dir, 'old.txt'), h.checkpoints.notes.get(3)!);
    // Act / Assess
    await expect(run('verify', join(dir, 'old.txt'))).resolves.toBeUndefined();
  });

  it('names a log rewritten before the kept checkpoint, by tree size', async () => {
    // Prepare: keep the checkpoint at 5; then block 0's leaves are reordered in the archive the proofs are built from.
    writeFileSync(join(dir, 'old.txt'), h.checkpoints.notes.get(5)!);
    const block0 = h.archive.blocks.get(0)!;
    h.archive.blocks.set(0, { ...block0, leaves: [...block0.leaves].reverse() });
    // Act / Assess
    await expect(run('verify', join(dir, 'old.txt'))).rejects.toThrow(
      /not consistent with the kept checkpoint at tree size 5/,
    );
  });
});
