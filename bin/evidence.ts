/**
 * `npm run evidence [-- --skip-tests] [--out DIR]`: synthesizes the app in-process and
 * writes the governance evidence pack to evidence/ (EVIDENCE.md and evidence.json):
 * cdk-nag findings and acknowledgements, each control's resources, the latest
 * verification of the local stack, and the test run (reused with --skip-tests).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { App } from 'aws-cdk-lib';
import { AuditStack } from '../lib/audit-stack';
import {
  controlEvidence,
  evidenceMarkdown,
  type EvidencePack,
  type TestEvidence,
  type VerificationEvidence,
} from '../lib/compliance/evidence-pack';
import { collectNagEvidence } from '../lib/compliance/nag-evidence';
import { summariseTestRun, type TestRunJson } from '../lib/compliance/test-run-evidence';
import type { CfnTemplate } from '../lib/compliance/nist-controls';
import { resolveAuditConfig } from '../lib/config';

const ROOT = process.cwd();

/** The app as bin/app.ts builds it, without bundling: the evidence needs the template, not the code. */
function synthesize(): Pick<EvidencePack, 'stack' | 'nag' | 'controls'> {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const outdir = mkdtempSync(join(tmpdir(), 'dmis-evidence-'));
  try {
    const app = new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    const config = resolveAuditConfig((key) => app.node.tryGetContext(key));
    const stack = new AuditStack(app, `DmisAudit-${config.stage}`, { config });
    const nag = collectNagEvidence(stack);
    const template = app.synth().getStackByName(stack.stackName).template as CfnTemplate;
    return { stack: stack.stackName, nag, controls: controlEvidence(template) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], timeoutMs: number): { code: number | null; output: string } {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Tooling noise (npm config warnings, Node's SDK notice) is not evidence. */
const NOISE =
  /^(npm warn|\(node:\d+\) Warning|versions published|will require node|To continue receiving|and security updates|More information can be found|\(Use `node --trace-warnings)/;

function tail(text: string, lines: number): string {
  return text
    .split('\n')
    .map((line) => line.split('\r').pop() ?? '')
    .filter((line) => line.trim() !== '' && !NOISE.test(line))
    .slice(-lines)
    .join('\n');
}

/** Whether the local stack named in .local/runtime.json answers (a stale file outlives its stack). */
async function localStackAnswers(): Promise<boolean> {
  try {
    const { apiUrl } = JSON.parse(readFileSync(join(ROOT, '.local/runtime.json'), 'utf8')) as { apiUrl?: string };
    const response = await fetch(`${String(apiUrl).replace(/\/$/, '')}/v1/health`, {
      signal: AbortSignal.timeout(3000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** Runs the verifier CLI over the whole local chain when both the CLI and a running local stack exist. */
async function verification(): Promise<VerificationEvidence> {
  if (!existsSync(join(ROOT, 'bin/verify.ts')))
    return { status: 'not-available', detail: 'the verifier CLI (bin/verify.ts) is not in this build' };
  if (!existsSync(join(ROOT, '.local/runtime.json')))
    return {
      status: 'not-available',
      detail: 'no local stack (.local/runtime.json is absent); start it with `npm start`',
    };
  if (!(await localStackAnswers()))
    return {
      status: 'not-available',
      detail: 'the local stack in .local/runtime.json is not running; start it with `npm start`',
    };
  const { code, output } = run('npx', ['--no-install', 'tsx', 'bin/verify.ts'], 300_000);
  const detail = `\`npm run verify\` against the local stack exited ${code ?? 'on timeout'}`;
  return { status: code === 0 ? 'passed' : 'failed', detail, output: tail(output, 40) };
}

/** Runs the suite with Jest's JSON reporter, or reuses the last result with --skip-tests. */
function tests(outDir: string, skip: boolean): TestEvidence {
  const file = join(outDir, 'test-results.json');
  const reused = skip && existsSync(file);
  if (!reused) {
    if (skip)
      return { status: 'not-available', source: 'skipped (--skip-tests), no previous result in the evidence folder' };
    run('npm', ['test', '--', '--json', `--outputFile=${file}`], 1_800_000);
  }
  if (!existsSync(file)) return { status: 'failed', source: 'the test run wrote no result file' };
  const source = `${reused ? 'previous run' : '`npm test` now'}, ${relative(ROOT, file)}`;
  return summariseTestRun(JSON.parse(readFileSync(file, 'utf8')) as TestRunJson, ROOT, source);
}

function gitCommit(): string {
  const head = run('git', ['rev-parse', '--short', 'HEAD'], 10_000).output.trim();
  const dirty = run('git', ['status', '--porcelain', '--untracked-files=no'], 10_000).output.trim() !== '';
  return `${head || 'unknown'}${dirty ? ' (with uncommitted changes)' : ''}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'skip-tests': { type: 'boolean' }, out: { type: 'string' } } });
  const outDir = join(ROOT, values.out ?? 'evidence');
  mkdirSync(outDir, { recursive: true });
  console.error('synthesizing the app and running the cdk-nag packs...');
  const synth = synthesize();
  console.error('verifying the local stack, if any...');
  const verified = await verification();
  console.error(
    values['skip-tests']
      ? 'reading the last test run...'
      : 'running the test suite (use --skip-tests to reuse the last run)...',
  );
  const pack: EvidencePack = {
    generatedAt: new Date().toISOString(),
    gitCommit: gitCommit(),
    ...synth,
    verification: verified,
    tests: tests(outDir, values['skip-tests'] ?? false),
  };
  writeFileSync(join(outDir, 'evidence.json'), `${JSON.stringify(pack, null, 2)}\n`);
  writeFileSync(join(outDir, 'EVIDENCE.md'), `${evidenceMarkdown(pack)}\n`);
  const open = pack.nag.findings.filter((f) => !f.acknowledgedBy).length;
  console.log(
    `evidence written to ${relative(ROOT, outDir)}/: ${open} open cdk-nag finding(s), verification ${pack.verification.status}, tests ${pack.tests.status}`,
  );
}

await main();
