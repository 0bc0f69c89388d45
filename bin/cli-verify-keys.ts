/**
 * `dmis-audit verify --trusted-keys FILE | --key PEM`: checks what the API serves against keys
 * the auditor holds, not the server's. Exports the period with proofs and verifies the bundle
 * offline: each proof's path, block hash and signature, and that its key is trusted for the
 * block (`unknown_key`, `key_outside_validity`). Exit code 2 when anything is wrong.
 */
import { readFile } from 'node:fs/promises';
import { pathOf } from '../lambdas/core/api/route-match';
import { parseTrustedKeys } from '../lambdas/core/integrity/trusted-keys';
import { parseBundle, verifyBundle, type BundleReport } from '../lambdas/core/integrity/verify-bundle';
import { CliError, type ApiGet } from './cli-client';
import { displayText } from './cli-output';

/** What the keyed verification needs from the command line. */
export interface KeyedVerifyOptions {
  readonly from?: string;
  readonly to?: string;
  readonly trustedKeysFile?: string;
  readonly keyFile?: string;
  readonly json?: boolean;
}

/** Verifies the period's events and proofs, as exported by the API, against the auditor's keys. */
export async function verifyAgainstKeys(api: ApiGet, v: KeyedVerifyOptions): Promise<void> {
  const trusted = v.trustedKeysFile
    ? parseTrustedKeys(await readFile(v.trustedKeysFile, 'utf8'))
    : await readFile(v.keyFile as string, 'utf8');
  const report = verifyBundle(parseBundle(await exportedBundle(api, v)), trusted);
  if (v.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report);
  if (!report.ok) process.exitCode = 2;
}

/** The NDJSON export with proofs, following the presigned link of a large one. */
async function exportedBundle(api: ApiGet, v: KeyedVerifyOptions): Promise<string> {
  const query = { from: v.from, to: v.to, format: 'ndjson', includeProofs: 'true' };
  const res = await api(pathOf('GET /v1/export'), query);
  const text = await res.text();
  if (res.status !== 200) throw new CliError(`the export for verification failed with ${res.status}`);
  if (!res.contentType.startsWith('application/json')) return text;
  const { url } = JSON.parse(text) as { url: string };
  const download = await fetch(url).catch(() => {
    throw new CliError('cannot download the export from its link');
  });
  return download.text();
}

function printReport(report: BundleReport): void {
  for (const f of report.findings)
    console.log(displayText(`${f.code} ${f.seq === undefined ? '' : `block ${f.seq} `}${f.message}`));
  const verdict = report.ok ? 'OK' : 'FAILED';
  console.log(
    `${verdict}: ${report.eventsChecked} events, ${report.blocksSeen} blocks, ${report.findings.length} findings`,
  );
}
