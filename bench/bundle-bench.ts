import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { FUNCTION_ENVIRONMENTS } from '../lambdas/composition/function-environments';
import { esmBundling } from '../lib/constructs/function-defaults';
import { type BenchRow, median } from './harness';

const OUT = resolve('.bench');

/** Lambda entries measured, by name. */
export const LAMBDA_ENTRIES: Readonly<Record<string, string>> = {
  ingest: 'lambdas/functions/ingest/main.ts',
  query: 'lambdas/functions/query/main.ts',
  'stream-processor': 'lambdas/functions/stream-processor/main.ts',
  alarms: 'lambdas/functions/alarms/main.ts',
  sealer: 'lambdas/functions/sealer/main.ts',
  verifier: 'lambdas/functions/verifier/main.ts',
};

// The baseline: a function that only creates the DynamoDB document client it needs.
const SDK_ONLY = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => client.config.region();`;

/** Bundles an entry with exactly the CDK's esbuild options; returns the output path. */
async function bundle(name: string, entry: string): Promise<string> {
  const options = esmBundling();
  const outfile = join(OUT, `${name}.mjs`);
  await build({
    entryPoints: [entry], outfile, bundle: true, platform: 'node', write: true, logLevel: 'error',
    format: 'esm', target: options.target, mainFields: options.mainFields, minify: options.minify,
    banner: { js: options.banner ?? '' }, external: options.externalModules,
  });
  return outfile;
}

// What the CDK sets on the functions (every required variable of every contract), with
// placeholder values: entries read and validate their contract at cold start.
const LAMBDA_ENV = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  ...Object.fromEntries(
    Object.values(FUNCTION_ENVIRONMENTS)
      .flatMap((spec) => Object.entries(spec))
      .filter(([, variable]) => !variable.optional)
      .map(([name, variable]) => [name, variable.kind === 'whole' ? '300' : 'bench']),
  ),
};

/** Median wall time of a fresh `node` process importing the bundle, in ms. */
function coldImportMs(file: string, runs = 5): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  return median(Array.from({ length: runs }, () =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: LAMBDA_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop())));
}

/** Each Lambda bundle's size and cold import time, against an SDK-only bundle. */
export async function benchBundles(): Promise<BenchRow[]> {
  mkdirSync(OUT, { recursive: true });
  const sdkEntry = join(OUT, 'sdk-only.ts');
  writeFileSync(sdkEntry, SDK_ONLY);
  const sdkFile = await bundle('sdk-only', sdkEntry);
  const sdkMs = coldImportMs(sdkFile);
  const rows: BenchRow[] = [{ name: 'SDK-only bundle size (baseline)', value: statSync(sdkFile).size / 1024, unit: 'KB' }];
  for (const [name, entry] of Object.entries(LAMBDA_ENTRIES)) {
    const file = await bundle(name, entry);
    // Size has no meaningful ratio: the runtime provides the SDK, so the SDK-only bundle is a few hundred bytes.
    rows.push({ name: `${name} bundle size`, value: statSync(file).size / 1024, unit: 'KB', target: name === 'ingest' ? '<= 300 KB' : undefined });
    rows.push({ name: `${name} cold import`, value: coldImportMs(file), unit: 'ms', baseline: sdkMs });
  }
  return rows;
}
