/**
 * Every alarm's description links its runbook as `MONITORING.md#<rule name>`: the anchor
 * must exist, as a heading or an explicit `<a id>` where one runbook serves two rules.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { monitoringRules } from '../../../lambdas/core/monitoring/rules';

const doc = readFileSync(new URL('../../../MONITORING.md', import.meta.url), 'utf8');

/** The anchors a Markdown renderer makes: GitHub's heading slugs plus explicit ids. */
function anchorsOf(markdown: string): Set<string> {
  const headings = [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
    (m[1] as string).trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'),
  );
  const ids = [...markdown.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1] as string);
  return new Set([...headings, ...ids]);
}

describe('MONITORING.md runbooks', () => {
  const anchors = anchorsOf(doc);

  it.each(monitoringRules().map((rule) => rule.name))('has the runbook anchor #%s the alarm links to', (name) => {
    expect(anchors.has(name)).toBe(true);
  });
});
