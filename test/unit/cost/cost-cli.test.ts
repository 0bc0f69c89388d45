import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

const run = promisify(execFile);
const cost = (...args: string[]) =>
  run('npx', ['tsx', 'bin/cost.ts', ...args]).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

/** Synthesis of the whole stack in a child process on a busy shared two-core machine. */
const CLI_TIMEOUT_MS = 300_000;

describe('npm run cost', () => {
  it('prints the bill for the given volume and batch', async () => {
    // Act
    const { code, stdout } = await cost('--events-per-month', '2000000', '--batch', '50', '--months', '3');
    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/^2,000,000 events\/month, batch 50, month 3 of operation; us-east-1 list prices of \d{4}-\d{2}-\d{2}/);
    expect(stdout).toMatch(/^API Gateway +REST requests \(ingest \+ auditor\) +50,000 /m);
    expect(stdout).toMatch(/^total: /m);
  }, CLI_TIMEOUT_MS);

  it('refuses a batch above 100 with exit 2, naming the option', async () => {
    const { code, stderr } = await cost('--batch', '250');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cost: --batch must be an integer from 1 to 100/);
  }, CLI_TIMEOUT_MS);
});
