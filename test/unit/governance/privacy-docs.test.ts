/**
 * docs/security/privacy.md stays true: its table of what is personal is the one
 * personal-data.ts renders (the definition ingest seals by), and every file it cites exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { renderPersonalDataTable } from '../../../lambdas/core/privacy/personal-data';

const ROOT = new URL('../../../', import.meta.url);
const DOC = readFileSync(new URL('docs/security/privacy.md', ROOT), 'utf8');
const START = '<!-- personal-data:start -->';
const END = '<!-- personal-data:end -->';

/** The text between the markers, trimmed; undefined when a marker is missing. */
function renderedSection(markdown: string): string | undefined {
  const from = markdown.indexOf(START);
  const to = markdown.indexOf(END);
  if (from < 0 || to < from) return undefined;
  return markdown.slice(from + START.length, to).trim();
}

describe('docs/security/privacy.md', () => {
  it('holds the table of personal data exactly as personal-data.ts renders it', () => {
    expect(renderedSection(DOC)).toBe(renderPersonalDataTable());
  });

  it('the comparison is live: a table missing one personal key name differs', () => {
    const edited = DOC.replace('`passport`, ', '');

    expect(edited).not.toBe(DOC);
    expect(renderedSection(edited)).not.toBe(renderPersonalDataTable());
  });

  it('cites only files that exist', () => {
    const cited = [...DOC.matchAll(/`((?:bin|lib|lambdas|local|test|docs|bench)\/[\w./-]*)`/g)].map((m) => m[1] as string);
    const missing = [...new Set(cited)].filter((path) => !existsSync(new URL(path, ROOT)));

    expect(cited.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
