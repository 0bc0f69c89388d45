import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildConsole, buildConsoleSync, firstLoadFiles, type ConsoleBuild } from '../../../console/build';
import { OUTCOMES as CONSOLE_OUTCOMES } from '../../../console/src/search-options';
import { OUTCOMES } from '../../../lambdas/core/event-schema';

/**
 * The console build: what it writes, that nothing is inline (the CSP forbids it), and the
 * first-load size budget (≤ 200 KB of gzipped JavaScript before the first page shows).
 */

const FIRST_LOAD_BUDGET_BYTES = 200 * 1024;
let outdir: string;
let built: ConsoleBuild;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'dmis-console-build-'));
  built = await buildConsole({ outdir });
});
afterAll(() => rm(outdir, { recursive: true, force: true }));

describe('buildConsole', () => {
  it('writes the page, its stylesheet and its module script', () => {
    expect(built.files).toEqual(expect.arrayContaining(['index.html', 'app.css', 'app.js']));
  });

  it('keeps index.html free of inline script and style', async () => {
    // Prepare
    const html = await readFile(join(outdir, 'index.html'), 'utf8');
    // Assess
    expect(html).toMatch(/<script type="module" src="app\.js"><\/script>/);
    expect([...html.matchAll(/<script\b[^>]*>/g)].every((m) => / src="[^"]+"/.test(m[0]))).toBe(true);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });

  it('loads at most 200 KB of gzipped JavaScript before the first page', async () => {
    // Act
    const files = firstLoadFiles(outdir, built.metafile);
    const sizes = await Promise.all(files.map(async (f) => gzipSync(await readFile(join(outdir, f))).length));
    const total = sizes.reduce((a, b) => a + b, 0);
    console.log(`console first load: ${files.join(', ')} = ${(total / 1024).toFixed(1)} KB gzipped`);
    // Assess
    expect(files).toContain('app.js');
    expect(total).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
  });

  it('leaves the AWS sign-in out of the first load: it is a chunk loaded only in AWS mode', () => {
    const chunks = built.files.filter((f) => f.startsWith('chunks/'));
    expect(chunks.some((f) => f.includes('aws-transport'))).toBe(true);
    expect(firstLoadFiles(outdir, built.metafile).some((f) => f.includes('aws-transport'))).toBe(false);
  });

  it('builds the same files synchronously (for CDK synthesis)', async () => {
    // Prepare
    const syncDir = await mkdtemp(join(tmpdir(), 'dmis-console-sync-'));
    try {
      // Act
      const sync = buildConsoleSync({ outdir: syncDir });
      // Assess
      expect(sync.files).toEqual(built.files);
      expect(await readFile(join(syncDir, 'app.js'), 'utf8')).toBe(await readFile(join(outdir, 'app.js'), 'utf8'));
    } finally {
      await rm(syncDir, { recursive: true, force: true });
    }
  });
});

describe('the search form', () => {
  it('offers exactly the outcomes the API accepts', () => {
    expect([...CONSOLE_OUTCOMES]).toEqual([...OUTCOMES]);
  });
});
