import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * The Python client (clients/python) from the README's test command: prepares its virtual
 * environment (scripts/prepare-venv.sh, a no-op when it is current), then runs ruff,
 * mypy --strict and pytest. pytest includes the real-stack tests, which start the local
 * runtime (bin/local.ts) themselves and send DMIS_FAULT_EVENTS events per fault test
 * (default 10,000).
 */

const PYTHON_DIR = join(process.cwd(), 'clients', 'python');
const VENV_BIN = join(PYTHON_DIR, '.venv', 'bin');
const SETUP_TIMEOUT_MS = 600_000; // a first install from a slow or unreachable primary index takes minutes
// Three fault tests of 10,000 events each through the real local runtime: 818 s on a two-core
// machine at load average 28 (their drains are bound by the local API's ingest there).
const PYTEST_TIMEOUT_MS = 1_800_000;

interface Run {
  readonly code: number;
  readonly output: string;
}

/** Runs a command in clients/python; resolves with its exit code and combined output. */
function run(command: string, args: readonly string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: PYTHON_DIR, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** Fails with the tool's own output, so a CI log shows what broke. */
function expectSuccess(result: Run): void {
  if (result.code !== 0) console.error(result.output);
  expect(result.code).toBe(0);
}

describe('the Python client', () => {
  it('prepares its virtual environment', async () => {
    expectSuccess(await run(join(PYTHON_DIR, 'scripts', 'prepare-venv.sh'), [], SETUP_TIMEOUT_MS));
  }, SETUP_TIMEOUT_MS);

  it('passes ruff', async () => {
    expectSuccess(await run(join(VENV_BIN, 'ruff'), ['check', 'src', 'tests', 'bench'], 60_000));
  });

  it('passes mypy --strict', async () => {
    expectSuccess(await run(join(VENV_BIN, 'mypy'), ['--strict'], 180_000));
  }, 180_000);

  it('passes pytest, real-stack and fault tests included', async () => {
    const result = await run(join(VENV_BIN, 'pytest'), ['-q', '-p', 'no:cacheprovider'], PYTEST_TIMEOUT_MS);
    expectSuccess(result);
    expect(result.output).toMatch(/\d+ passed/);
    expect(result.output).not.toMatch(/\d+ (failed|error)/);
  }, PYTEST_TIMEOUT_MS);
});
