/**
 * The test-run part of the evidence pack: a summary of Jest's JSON report (totals,
 * failed tests by file, every file's status), with paths relative to the repository.
 */
import { relative } from 'node:path';
import type { TestEvidence } from './evidence-pack';

/** The part of Jest's `--json` output the summary reads. */
export interface TestRunJson {
  readonly success?: boolean;
  readonly numTotalTests?: number;
  readonly numPassedTests?: number;
  readonly numFailedTests?: number;
  readonly numPendingTests?: number;
  readonly numTodoTests?: number;
  readonly testResults?: ReadonlyArray<TestFileResult>;
}

/** One test file's result. */
export interface TestFileResult {
  readonly name: string;
  readonly status: string;
  readonly message?: string;
  readonly assertionResults?: ReadonlyArray<{ readonly fullName: string; readonly status: string }>;
}

/** The evidence summary of one test run; `source` says where the result came from. */
export function summariseTestRun(result: TestRunJson, root: string, source: string): TestEvidence {
  const files = result.testResults ?? [];
  return {
    status: result.success ? 'passed' : 'failed',
    source,
    total: result.numTotalTests,
    passed: result.numPassedTests,
    failed: result.numFailedTests,
    skipped: (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0),
    failedTests: files.flatMap((file) => failuresOf(file, root)),
    files: files
      .map((r) => ({ file: relative(root, r.name), status: r.status }))
      .sort((a, b) => a.file.localeCompare(b.file)),
  };
}

/** Failed tests of a file, or the file's own error when it failed before any test ran. */
function failuresOf(file: TestFileResult, root: string): string[] {
  const name = relative(root, file.name);
  const failed = (file.assertionResults ?? [])
    .filter((a) => a.status === 'failed')
    .map((a) => `${name}: ${a.fullName}`);
  if (failed.length > 0 || file.status !== 'failed') return failed;
  return [`${name}: ${(file.message ?? 'failed outside any test').split('\n')[0]}`];
}
