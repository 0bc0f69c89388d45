#!/usr/bin/env -S npx --no-install tsx
/**
 * `dmis-audit`: the auditor's command line. `events list|get`, `stats`, `export`,
 * `report`, `verify`; against the local stack by default, or `--api <stage URL>` with
 * SigV4. `--json` prints machine-readable output; errors are one line on stderr, exit 1.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError, deployedApi, localApi, type ApiGet, type ApiResponse } from './cli-client';
import { followingJobs } from './cli-jobs';
import { displayText, eventLine, jsonText, progress, statsText } from './cli-output';
import { keysCommand } from './cli-keys';
import { verifyAgainstKeys } from './cli-verify-keys';
import { checkpointCommand } from './cli-checkpoint';
import { CLOUDWATCH_USAGE, cloudWatchCommand } from './cli-monitoring';
import { STREAM_USAGE, streamCommand } from './cli-stream';
import { OUTBOX_USAGE, outboxCommand } from './cli-outbox';
import { isScheduledReportCommand, REPORTS_USAGE, scheduledReportCommand } from './cli-reports';
import { SIEM_USAGE, siemCommand } from './cli-siem';
import { SUBJECT_USAGE, subjectCommand } from './cli-subject';
import { pathOf } from '../lambdas/core/api/route-match';
import type { StoredEvent } from '../lambdas/core/event-schema';

const USAGE = `usage: dmis-audit <command> [options]
  events list   [filters] [--limit N] [--all]   newest first; --all follows every page
  events get    <eventId>
  stats         [--from ISO] [--to ISO]
  export        [filters] [--format csv|ndjson] [--proofs] [--out FILE]
  report        [--from ISO] [--to ISO] [--markdown] [--out FILE]   the compliance report
${REPORTS_USAGE}
  verify        [--from ISO] [--to ISO] [--trusted-keys FILE | --key PEM]   with keys: the export's proofs checked here
  keys          show|rotate                     local signing keys; rotate with the stack stopped
  checkpoint    save [--out FILE] | verify FILE [--key PEM]   keep the signed checkpoint; prove the log still extends it
${CLOUDWATCH_USAGE}
${STREAM_USAGE}
${OUTBOX_USAGE}
${SIEM_USAGE}
${SUBJECT_USAGE}
filters: --actor U --target-type T --target-id I --type T|prefix. --category C --severity S --outcome O --from ISO --to ISO --q TEXT
target:  local stack (.local/) by default; --local-dir DIR; or --api STAGE_URL [--region R] (SigV4, default AWS credentials)
output:  --json for scripts`;

const OPTIONS = {
  actor: { type: 'string' }, 'target-type': { type: 'string' }, 'target-id': { type: 'string' }, type: { type: 'string' },
  category: { type: 'string' }, severity: { type: 'string' }, outcome: { type: 'string' }, from: { type: 'string' },
  to: { type: 'string' }, q: { type: 'string' }, limit: { type: 'string' }, all: { type: 'boolean' },
  format: { type: 'string' }, proofs: { type: 'boolean' }, out: { type: 'string' }, markdown: { type: 'boolean' },
  key: { type: 'string' }, 'trusted-keys': { type: 'string' }, json: { type: 'boolean' }, api: { type: 'string' }, region: { type: 'string' }, 'local-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

async function main(argv: string[]): Promise<void> {
  // CloudWatch commands take their own options (--rule, --since, --log-group).
  if (argv[0] === 'monitoring' || argv[0] === 'logs') return cloudWatchCommand(argv);
  if (argv[0] === 'stream') return streamCommand(argv);
  if (argv[0] === 'outbox') return outboxCommand(argv);
  if (isScheduledReportCommand(argv)) return scheduledReportCommand(argv);
  if (argv[0] === 'siem') return siemCommand(argv);
  if (argv[0] === 'subject') return subjectCommand(argv);
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [command, sub, arg] = positionals;
  if (values.help || !command) return void console.log(USAGE);
  if (command === 'keys') return keysCommand(sub, values['local-dir'] ?? join(process.cwd(), '.local'), values.json === true);
  // Reads past the hot window may answer 202 with an archive job: followed until they answer.
  const api = followingJobs(values.api ? deployedApi(values.api, values.region) : await localApi(values['local-dir'] ?? join(process.cwd(), '.local')));
  const key = command === 'events' ? `events ${sub ?? ''}` : command;
  switch (key) {
    case 'events list': return listEvents(api, values);
    case 'events get': return print(values, await json(await api(pathOf('GET /v1/events/{eventId}', { eventId: arg ?? '' }))), (e) => eventLine(e as StoredEvent));
    case 'stats': return print(values, await json(await api(pathOf('GET /v1/stats'), { from: values.from, to: values.to })), (s) => statsText(s as Record<string, unknown>));
    case 'export': return exportEvents(api, values);
    case 'report': return report(api, values);
    case 'verify': return verify(api, values);
    case 'checkpoint': return checkpointCommand(api, sub, arg, { ...optionalOut(values), localDir: values['local-dir'] ?? join(process.cwd(), '.local') });
    default: throw new CliError(`unknown command "${[command, sub].filter(Boolean).join(' ')}"\n${USAGE}`);
  }
}

function filters(v: Values): Record<string, string | undefined> {
  return {
    actor: v.actor, targetType: v['target-type'], targetId: v['target-id'], eventType: v.type, category: v.category,
    severity: v.severity, outcome: v.outcome, from: v.from, to: v.to, q: v.q,
  };
}

async function listEvents(api: ApiGet, v: Values): Promise<void> {
  let cursor: string | undefined;
  const all: unknown[] = [];
  do {
    const page = (await json(await api(pathOf('GET /v1/events'), { ...filters(v), limit: v.limit, cursor }))) as { events: StoredEvent[]; nextCursor: string | null };
    if (v.json) all.push(...page.events);
    else for (const e of page.events) console.log(eventLine(e));
    cursor = v.all ? (page.nextCursor ?? undefined) : undefined;
    if (!v.all && page.nextCursor && !v.json) console.error('(more: use --all, or narrow the filters)');
  } while (cursor);
  if (v.json) console.log(jsonText(all));
}

async function exportEvents(api: ApiGet, v: Values): Promise<void> {
  const res = await api(pathOf('GET /v1/export'), { ...filters(v), format: v.format ?? 'ndjson', includeProofs: v.proofs ? 'true' : undefined });
  if (res.status !== 200) await json(res);
  let body = res;
  if (res.contentType.startsWith('application/json')) {
    const link = JSON.parse(await res.text()) as { url: string; rows: number };
    console.error(`large export (${link.rows} rows): downloading from the presigned link`);
    const download = await fetch(link.url).catch(() => { throw new CliError('cannot download the export from its link'); });
    body = { status: download.status, contentType: '', body: download.body, text: () => download.text() };
  }
  await streamTo(body, v.out);
}

async function streamTo(res: ApiResponse, out: string | undefined): Promise<void> {
  const sink = out ? createWriteStream(out) : process.stdout;
  const bar = progress(out ? `export to ${out}` : 'export');
  let bytes = 0;
  let rows = 0;
  for await (const chunk of res.body ?? []) {
    bytes += chunk.byteLength;
    for (const b of chunk) if (b === 10) rows += 1;
    sink.write(chunk);
    bar.update(bytes, rows);
  }
  if (out) await new Promise<void>((resolve) => (sink as ReturnType<typeof createWriteStream>).end(resolve));
  bar.done();
}

async function report(api: ApiGet, v: Values): Promise<void> {
  const res = await api(pathOf('GET /v1/reports/compliance'), { from: v.from, to: v.to, format: v.markdown ? 'markdown' : undefined });
  if (res.status !== 200) await json(res);
  if (v.out) return streamTo(res, v.out);
  console.log(displayText(await res.text()));
}

async function verify(api: ApiGet, v: Values): Promise<void> {
  if (v['trusted-keys'] || v.key)
    return verifyAgainstKeys(api, { from: v.from, to: v.to, trustedKeysFile: v['trusted-keys'], keyFile: v.key, json: v.json });
  const res = await api(pathOf('GET /v1/integrity'), { from: v.from, to: v.to });
  if (res.status === 404) throw new CliError('this API does not serve GET /v1/integrity yet; run `npm run verify` locally');
  const result = (await json(res)) as { ok?: boolean };
  print(v, result, (r) => JSON.stringify(r, null, 2));
  if (result.ok === false) process.exitCode = 2;
}

/** The JSON body of a 2xx answer; an API error becomes a CliError naming code, message and details. */
async function json(res: ApiResponse): Promise<unknown> {
  const text = await res.text();
  let body: { error?: { code: string; message: string; details?: { path: string; message: string }[] } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new CliError(`the API answered ${res.status} with a body that is not JSON`);
  }
  if (res.status >= 300 || body.error) {
    const details = (body.error?.details ?? []).map((d) => `\n  ${d.path}: ${d.message}`).join('');
    throw new CliError(`${res.status} ${body.error?.code ?? 'error'}: ${body.error?.message ?? 'request failed'}${details}`);
  }
  return body;
}

function optionalOut(v: Values): { out?: string; key?: string } {
  return { ...(v.out ? { out: v.out } : {}), ...(v.key ? { key: v.key } : {}) };
}

function print(v: Values, value: unknown, human: (value: unknown) => string): void {
  console.log(v.json ? jsonText(value) : displayText(human(value)));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
  const message = error instanceof CliError || usage ? (error as Error).message : `unexpected failure: ${String(error)}`;
  console.error(`dmis-audit: ${message}`);
  process.exit(1);
});
