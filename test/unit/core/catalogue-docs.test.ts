import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '../../../lambdas/core/catalogue';

const doc = readFileSync(new URL('../../../docs/ingest.md', import.meta.url), 'utf8');

describe('docs/ingest.md catalogue table', () => {
  it.each(Object.entries(EVENT_CATALOGUE))('documents %s as the catalogue defines it', (type, entry) => {
    const row = `| \`${type}\` | ${entry.category} | ${entry.severity} | ${entry.action} | ${entry.retention} |`;
    expect(doc).toContain(row);
  });
});
