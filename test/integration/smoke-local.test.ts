import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { localTarget } from '../../bin/smoke-client';
import { localChecks } from '../../bin/smoke-external';
import type { SmokeRow } from '../../bin/smoke-report';
import { runSmoke } from '../../bin/smoke-run';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';

/**
 * `npm run smoke -- --local` against the whole local runtime, as CI runs it: every row of
 * the table passes, and the command exits 0. Blocks are 2 s with 1 s grace
 * (BLOCK_SECONDS, SEAL_GRACE_SECONDS) so sealing is quick; every wait is on a condition.
 */

const STARTUP_TIMEOUT_MS = 90_000;
const SMOKE_TIMEOUT_MS = 180_000;
const run = promisify(execFile);
let runtime: LocalRuntime;
let localDir: string;

beforeAll(async () => {
  Object.assign(process.env, { BLOCK_SECONDS: '2', SEAL_GRACE_SECONDS: '1' });
  localDir = await mkdtemp(join(tmpdir(), 'dmis-smoke-'));
  runtime = await startLocalRuntime({ localDir, port: 0, tableName: 'dmis-audit-local' });
}, STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await runtime?.stop();
  delete process.env.BLOCK_SECONDS;
  delete process.env.SEAL_GRACE_SECONDS;
});

const statusByCheck = (rows: readonly SmokeRow[]) => Object.fromEntries(rows.map((r) => [r.check, `${r.status}: ${r.detail}`]));

describe('the smoke test against the local stack', () => {
  it('passes every check, from the write to the verified trail', async () => {
    // Prepare
    const target = await localTarget(localDir);
    // Act
    const rows = await runSmoke(target, {
      sealTimeoutMs: 60_000,
      alarmTimeoutMs: 30_000,
      triggerAlarm: true,
      checkRoles: true,
      pollMs: 250,
      external: localChecks(localDir),
    });
    // Assess
    expect(Object.keys(statusByCheck(rows))).toEqual([
      'health answers',
      'bad input refused',
      'event written (writer)',
      'event read back (reader)',
      'event sealed in a block',
      'proof verifies locally',
      'roles kept apart',
      'alarm states answer (reader)',
      'alarm round trip',
      'trail verifies (npm run verify)',
    ]);
    for (const row of rows) expect(`${row.check} → ${row.status}: ${row.detail}`).toMatch(/→ pass: /);
  }, SMOKE_TIMEOUT_MS);

  it('fails the proof row when the proof must be signed by another key', async () => {
    // Prepare: a valid P-256 key that is not the local signer's.
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    // Act
    const rows = await runSmoke(await localTarget(localDir), {
      sealTimeoutMs: 60_000, alarmTimeoutMs: 30_000, triggerAlarm: false, checkRoles: false, pollMs: 250, trustedPublicKeyPem: other, external: [],
    });
    // Assess
    expect(statusByCheck(rows)['proof verifies locally']).toMatch(/^fail: .*public key is not the trusted key/);
    expect(statusByCheck(rows)['alarm round trip']).toMatch(/^skipped: pass --trigger-alarm/);
  }, SMOKE_TIMEOUT_MS);

  it('runs as `npm run smoke -- --local`, printing the table and exiting 0', async () => {
    // Act
    const { stdout } = await run('npx', ['tsx', 'bin/smoke.ts', '--local', '--local-dir', localDir], { env: process.env });
    // Assess
    expect(stdout).toMatch(/^smoke test of http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/^PASS: 10 passed, 0 failed, 0 skipped$/m);
  }, SMOKE_TIMEOUT_MS);
});
