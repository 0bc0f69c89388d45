import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readCheckpointClaim } from '../../lambdas/core/integrity/checkpoint';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { anEvent } from '../fixtures/events';
import { runTsx } from '../fixtures/run-tsx';
import { waitFor } from '../fixtures/wait-for';

/**
 * Checkpoints on the running local stack: the sealer publishes them to
 * `<localDir>/checkpoints/`, the API serves the newest and consistency proofs, and both
 * `npm run verify -- --checkpoint` and `dmis-audit checkpoint save|verify` accept a kept
 * one. Blocks are 2 s with 1 s grace; every wait is on a condition.
 */

const STARTUP_TIMEOUT_MS = 90_000;
const SEAL_WAIT_MS = 90_000;
const CLI_TEST_TIMEOUT_MS = 240_000;
let runtime: LocalRuntime;
let localDir: string;

async function call(path: string, token: string, body?: unknown) {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** The newest published checkpoint once it covers at least `size` leaves. */
const publishedAtLeast = (size: number) =>
  waitFor(async () => {
    const note = await readFile(join(localDir, 'checkpoints', 'latest'), 'utf8').catch(() => undefined);
    const claim = note === undefined ? undefined : readCheckpointClaim(note);
    return claim && claim.treeSize >= size ? claim : undefined;
  }, SEAL_WAIT_MS);

beforeAll(async () => {
  Object.assign(process.env, { BLOCK_SECONDS: '2', SEAL_GRACE_SECONDS: '1' });
  localDir = await mkdtemp(join(tmpdir(), 'dmis-checkpoint-cli-'));
  runtime = await startLocalRuntime({ localDir, port: 0, tableName: 'dmis-audit-local' });
  await call('/v1/events', runtime.credentials.writer, anEvent());
  await publishedAtLeast(1);
}, STARTUP_TIMEOUT_MS + SEAL_WAIT_MS);
afterAll(async () => {
  await runtime?.stop();
  delete process.env.BLOCK_SECONDS;
  delete process.env.SEAL_GRACE_SECONDS;
});

describe('checkpoints on the local stack', () => {
  it(
    'serves the newest checkpoint and a consistency proof to a reader',
    async () => {
      // Prepare: one more event, so the log grows past the first checkpoint.
      await call('/v1/events', runtime.credentials.writer, anEvent());
      const grown = await publishedAtLeast(2);
      // Act
      const latest = await call('/v1/checkpoints/latest', runtime.credentials.reader);
      const proof = await call(`/v1/checkpoints/consistency?from=1&to=${grown.treeSize}`, runtime.credentials.reader);
      const bad = await call('/v1/checkpoints/consistency?from=x&to=1', runtime.credentials.reader);
      // Assess
      expect(latest.status).toBe(200);
      expect(latest.json.treeSize).toBeGreaterThanOrEqual(2);
      expect(proof).toMatchObject({ status: 200, json: { from: 1, to: grown.treeSize } });
      expect(bad.status).toBe(400);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'verifies the log against a kept checkpoint with npm run verify and dmis-audit checkpoint verify',
    async () => {
      // Prepare
      const kept = join(localDir, 'kept-checkpoint.txt');
      await copyFile(join(localDir, 'checkpoints', 'latest'), kept);
      const saved = join(localDir, 'saved-checkpoint.txt');
      // Act
      const verify = await runTsx('bin/verify.ts', ['--local-dir', localDir, '--checkpoint', kept]);
      const save = await runTsx('bin/cli.ts', ['checkpoint', 'save', '--out', saved, '--local-dir', localDir]);
      const check = await runTsx('bin/cli.ts', ['checkpoint', 'verify', kept, '--local-dir', localDir]);
      // Assess
      expect(verify.stdout).toMatch(/checkpoint: tree size \d+/);
      expect(verify.code).toBe(0);
      expect(save.code).toBe(0);
      expect(check.stdout).toMatch(/^OK: the log at tree size \d+ extends the kept checkpoint/);
      expect(check.code).toBe(0);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
