/**
 * The governance pack stays true as the code changes: every file or test it cites in
 * backticks exists, every control the pack answers for has a row citing its proof (or saying
 * plainly that it is not implemented), and the threat model covers every threat asked for.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { NIST_CONTROLS } from '../../../lib/compliance/nist-controls';

const ROOT = new URL('../../../', import.meta.url);
const DOCS = ['architecture', 'threat-model', 'controls-matrix', 'incident-response', 'retention'].map(
  (n) => `docs/security/${n}.md`,
);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

/** Paths cited in backticks: a repository-relative file with an extension, or a folder ending in `/`. */
function citedPaths(markdown: string): string[] {
  const cited = [...markdown.matchAll(/`((?:bin|lib|lambdas|local|test|docs|bench)\/[\w./-]*)`/g)].map(
    (m) => m[1] as string,
  );
  return [...new Set(cited)];
}

/** The table row of a control: `| AU-9(2) | ...`. */
function rowOf(markdown: string, id: string): string | undefined {
  return markdown.split('\n').find((line) => line.startsWith(`| ${id} |`));
}

const PROOF = /`test\/[\w./-]+\.test\.ts`|not implemented|no automated test/i;

describe('docs/security', () => {
  it.each(DOCS)('%s exists', (doc) => {
    expect(existsSync(new URL(doc, ROOT))).toBe(true);
  });

  it.each(DOCS)('%s cites only files that exist', (doc) => {
    const missing = citedPaths(read(doc)).filter((path) => !existsSync(new URL(path, ROOT)));

    expect(missing).toEqual([]);
  });

  it('the path check is live: it finds a cited path in a sample and would report it missing', () => {
    const sample = 'see `lib/constructs/audit-table.ts` and `test/unit/governance/no-such.test.ts`';

    expect(citedPaths(sample).filter((p) => !existsSync(new URL(p, ROOT)))).toEqual([
      'test/unit/governance/no-such.test.ts',
    ]);
  });
});

describe('controls matrix', () => {
  const matrix = read('docs/security/controls-matrix.md');

  it.each(NIST_CONTROLS.map((c) => c.id))('has a row for %s', (id) => {
    expect(rowOf(matrix, id)).toBeDefined();
  });

  it.each(NIST_CONTROLS.map((c) => c.id))('the %s row cites a test or says plainly that none exists', (id) => {
    expect(rowOf(matrix, id) ?? '').toMatch(PROOF);
  });

  it('lists exactly the controls the governance pack answers for', () => {
    const answered = [
      'AU-2',
      'AU-3',
      'AU-3(1)',
      'AU-3(3)',
      'AU-4',
      'AU-5',
      'AU-5(1)',
      'AU-5(2)',
      'AU-6',
      'AU-6(1)',
      'AU-6(3)',
      'AU-7',
      'AU-8',
      'AU-9',
      'AU-9(2)',
      'AU-9(3)',
      'AU-9(4)',
      'AU-10',
      'AU-11',
      'AU-11(1)',
      'AU-12',
      'AC-2',
      'AC-3',
      'AC-6',
      'IA-2',
      'SC-8',
      'SC-12',
      'SC-13',
      'SC-28',
      'SI-4',
      'SI-10',
      'IR-4',
      'CP-9',
    ];

    expect(NIST_CONTROLS.map((c) => c.id)).toEqual(answered);
  });
});

describe('threat model', () => {
  const model = read('docs/security/threat-model.md');
  const THREATS = [
    /SQL\/NoSQL injection/i,
    /XSS/i,
    /log injection/i,
    /CEF injection/i,
    /privilege escalation/i,
    /tamper/i,
    /repudiation/i,
    /data loss/i,
    /denial of service/i,
    /key compromise/i,
    /insider with deploy rights/i,
  ];

  it.each(THREATS.map((t) => [t.source, t] as const))('covers %s', (_name, threat) => {
    expect(model).toMatch(threat);
  });

  it('gives every threat row a test or says plainly that none exists', () => {
    const rows = model.split('\n').filter((line) => /^\| T\d+ \|/.test(line));

    expect(rows.length).toBeGreaterThanOrEqual(THREATS.length);
    expect(rows.filter((row) => !PROOF.test(row))).toEqual([]);
  });
});
