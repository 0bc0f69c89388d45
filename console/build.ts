/**
 * Builds the auditor console: esbuild bundles console/src/main.ts into `app.js` (ES module;
 * code loaded on demand, such as the AWS sign-in, goes to `chunks/`) and the static files
 * (index.html, app.css) are copied beside it. Nothing is inlined, so the strict CSP
 * (`default-src 'self'`) holds. `npm start` builds it into `.local/console/`; the CDK
 * construct calls the synchronous form at synth.
 */
import { build, buildSync, type BuildOptions, type Metafile } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where to build, and whether to minify. */
export interface ConsoleBuildOptions {
  /** Output folder; created when missing. */
  readonly outdir: string;
  /** @default true */
  readonly minify?: boolean;
}

/** What a build produced. */
export interface ConsoleBuild {
  /** Every file written, relative to `outdir`, with `/` separators (e.g. `app.js`, `chunks/aws-1a2b.js`). */
  readonly files: string[];
  /** esbuild's metafile: which output imports which (the first-load size check reads it). */
  readonly metafile: Metafile;
}

const CONSOLE_DIR = dirname(fileURLToPath(import.meta.url));
const STATIC_DIR = join(CONSOLE_DIR, 'static');

/** The entry whose output the page loads first. */
export const ENTRY_FILE = 'app.js';

function esbuildOptions(options: ConsoleBuildOptions): BuildOptions & { metafile: true } {
  return {
    entryPoints: { app: join(CONSOLE_DIR, 'src', 'main.ts') },
    outdir: options.outdir,
    bundle: true,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'browser',
    target: ['es2022'],
    minify: options.minify ?? true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  };
}

function outputs(outdir: string, metafile: Metafile, statics: readonly string[]): string[] {
  const built = Object.keys(metafile.outputs).map((path) => relative(outdir, path).split('\\').join('/'));
  return [...statics, ...built].sort();
}

/** Builds the console into `outdir`. */
export async function buildConsole(options: ConsoleBuildOptions): Promise<ConsoleBuild> {
  await mkdir(options.outdir, { recursive: true });
  const { metafile } = await build(esbuildOptions(options));
  const statics = await readdir(STATIC_DIR);
  await Promise.all(statics.map((name) => copyFile(join(STATIC_DIR, name), join(options.outdir, name))));
  return { files: outputs(options.outdir, metafile, statics), metafile };
}

/** The same build, synchronously (CDK synthesis cannot await). */
export function buildConsoleSync(options: ConsoleBuildOptions): ConsoleBuild {
  mkdirSync(options.outdir, { recursive: true });
  const { metafile } = buildSync(esbuildOptions(options));
  const statics = readdirSync(STATIC_DIR);
  for (const name of statics) copyFileSync(join(STATIC_DIR, name), join(options.outdir, name));
  return { files: outputs(options.outdir, metafile, statics), metafile };
}

/**
 * The files the browser loads before the first page shows: the entry and every chunk it
 * imports statically (dynamic imports, such as the AWS sign-in, load only when used).
 */
export function firstLoadFiles(outdir: string, metafile: Metafile): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement') visit(imported.path);
    }
  };
  const entry = Object.keys(metafile.outputs).find((path) => relative(outdir, path) === ENTRY_FILE);
  if (entry) visit(entry);
  return [...seen].map((path) => relative(outdir, path).split('\\').join('/'));
}
