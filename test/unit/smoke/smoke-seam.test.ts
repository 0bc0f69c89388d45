import { describe, expect, it } from '@jest/globals';
import { FUNCTION_ENVIRONMENTS } from '../../../lambdas/composition/function-environments';
import { awsChecks, runExternal, type CommandResult, type ExternalCheck } from '../../../bin/smoke-external';
import { smokeTable } from '../../../bin/smoke-report';

const check: ExternalCheck = { check: 'patterns agree with CloudWatch', entry: 'bin/cli.ts', args: ['monitoring', 'check-patterns'] };
const answering = (result: CommandResult) => {
  const calls: string[][] = [];
  return { calls, run: async (entry: string, args: readonly string[]) => (calls.push([entry, ...args]), result) };
};

describe('the seam to other commands', () => {
  it('passes on exit 0 and shows the command’s last line', async () => {
    const runner = answering({ code: 0, stdout: 'rule  aws  local\nall 14 samples agree\n', stderr: '' });
    const row = await runExternal(check, runner.run);
    expect(row).toMatchObject({ status: 'pass', detail: 'all 14 samples agree' });
    expect(runner.calls).toEqual([['bin/cli.ts', 'monitoring', 'check-patterns']]);
  });

  it('fails on a non-zero exit', async () => {
    const row = await runExternal(check, answering({ code: 1, stdout: '2 disagreements\n', stderr: '' }).run);
    expect(row).toMatchObject({ status: 'fail', detail: 'exit 1: 2 disagreements' });
  });

  it('skips, saying so, when the CLI does not have the command', async () => {
    const row = await runExternal(check, answering({ code: 1, stdout: '', stderr: 'dmis-audit: unknown command "monitoring check-patterns"\n' }).run);
    expect(row).toMatchObject({ status: 'skipped', detail: expect.stringMatching(/^not available in this build/) });
  });

  it('skips the AWS verify without the stack settings, naming them, and never runs it', async () => {
    // Act
    const [, verify] = awsChecks('eu-west-1', {});
    const runner = answering({ code: 0, stdout: '', stderr: '' });
    const row = await runExternal(verify!, runner.run);
    // Assess
    expect(row.status).toBe('skipped');
    expect(row.detail).toMatch(/TABLE_NAME.*ARCHIVE_BUCKET.*SECURITY_LOG_GROUP/);
    expect(row.detail).not.toMatch(/BLOCK_SECONDS/);
    expect(runner.calls).toEqual([]);
  });

  it('runs the AWS verify when the stack settings are set', () => {
    const env = Object.fromEntries(Object.keys(FUNCTION_ENVIRONMENTS.verifier).map((name) => [name, 'set']));
    const [patterns, verify] = awsChecks('eu-west-1', env);
    expect(patterns!.args).toEqual(['monitoring', 'check-patterns', '--region', 'eu-west-1']);
    expect(verify).toEqual({ check: 'integrity and drift (verify --aws)', entry: 'bin/verify.ts', args: ['--aws'] });
  });
});

describe('the table', () => {
  it('fails the run when one row failed, and keeps each row on one line', () => {
    const text = smokeTable('http://x', [
      { check: 'a', status: 'pass', detail: 'ok', seconds: 1 },
      { check: 'b', status: 'fail', detail: 'line one\nline two', seconds: 2 },
      { check: 'c', status: 'skipped', detail: 'why', seconds: 0 },
    ]);
    expect(text.split('\n')).toHaveLength(6);
    expect(text).toMatch(/^FAIL: 1 passed, 1 failed, 1 skipped$/m);
  });
});
