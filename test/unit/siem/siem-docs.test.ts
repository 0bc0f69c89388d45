/** MONITORING.md's "What the SIEM receives" shows the records the code really produces. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { siemExamples } from './sample-events';

const doc = readFileSync(new URL('../../../MONITORING.md', import.meta.url), 'utf8');
const section = doc.slice(doc.indexOf('## What the SIEM receives'));

describe('MONITORING.md, What the SIEM receives', () => {
  it('exists', () => {
    expect(doc).toContain('## What the SIEM receives');
  });

  it.each(Object.entries(siemExamples()))('shows the %s example exactly as the code makes it', (title, text) => {
    expect(section).toContain(`#### ${title}\n\n\`\`\`\n${text}\n\`\`\``);
  });
});
