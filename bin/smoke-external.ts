/**
 * The seam to checks that live in other commands: the local trail's `npm run verify`,
 * and on AWS `dmis-audit monitoring check-patterns` and `npm run verify -- --aws`
 * (integrity and monitoring drift). Each runs as its own process; a command this build
 * does not have, or one that needs settings not given, is a `skipped` row saying why.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FUNCTION_ENVIRONMENTS } from '../lambdas/composition/function-environments';
import { timed, type SmokeRow, type SmokeStatus } from './smoke-report';

/** Another command's check: a tsx entry under bin/ and its arguments. */
export interface ExternalCheck {
  readonly check: string;
  readonly entry: string;
  readonly args: readonly string[];
  /** Set when the check cannot run here: the row is skipped with this reason. */
  readonly skipReason?: string;
}

/** What running a command produced. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command; injectable so the seam is testable without the commands. */
export type CommandRunner = (entry: string, args: readonly string[]) => Promise<CommandResult>;

const REPO = fileURLToPath(new URL('..', import.meta.url));

/** Runs `tsx <entry> <args>` in the repository, with this process's environment. */
export const runTsx: CommandRunner = (entry, args) =>
  new Promise((resolve) => {
    execFile('npx', ['tsx', entry, ...args], { cwd: REPO, env: process.env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) || 1 : 0, stdout, stderr }),
    );
  });

/** The answer of a CLI that does not know the command (yet). */
const UNAVAILABLE = /unknown command|Unknown option|Cannot find module|ERR_PARSE_ARGS/i;

/** Runs one external check and turns its exit code into a row. */
export async function runExternal(check: ExternalCheck, run: CommandRunner = runTsx): Promise<SmokeRow> {
  if (check.skipReason) return { check: check.check, status: 'skipped', detail: check.skipReason, seconds: 0 };
  return timed(check.check, async () => {
    const result = await run(check.entry, check.args);
    const last = (text: string) => text.trim().split('\n').pop() ?? '';
    if (result.code !== 0 && UNAVAILABLE.test(result.stderr)) {
      return { status: 'skipped' as SmokeStatus, detail: `not available in this build: ${last(result.stderr)}` };
    }
    return result.code === 0
      ? { status: 'pass' as SmokeStatus, detail: last(result.stdout) || 'exit 0' }
      : { status: 'fail' as SmokeStatus, detail: `exit ${result.code}: ${last(result.stdout) || last(result.stderr)}` };
  });
}

/** The local trail's own verification (`npm run verify`). */
export function localChecks(localDir: string): ExternalCheck[] {
  return [{ check: 'trail verifies (npm run verify)', entry: 'bin/verify.ts', args: ['--local-dir', localDir] }];
}

/** The post-deploy checks against AWS; verify needs the verifier function's environment (docs/deploy.md). */
export function awsChecks(region: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): ExternalCheck[] {
  const missing = Object.entries(FUNCTION_ENVIRONMENTS.verifier)
    .filter(([name, variable]) => !variable.optional && !env[name])
    .map(([name]) => name);
  return [
    { check: 'patterns agree with CloudWatch', entry: 'bin/cli.ts', args: ['monitoring', 'check-patterns', ...(region ? ['--region', region] : [])] },
    {
      check: 'integrity and drift (verify --aws)',
      entry: 'bin/verify.ts',
      args: ['--aws'],
      ...(missing.length ? { skipReason: `set ${missing.join(', ')} (docs/deploy.md) to run it` } : {}),
    },
  ];
}
