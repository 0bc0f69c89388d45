/**
 * `dmis-audit subject export|erase|expire-keys`: the privacy officer's commands. `export`
 * and `erase` call the API as the privacy role (the local stack's `privacy` token, or
 * `--api <stage URL>` with SigV4 for export); `expire-keys` runs one key retention sweep
 * of the local stack now, through the same use case as the daily schedule.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathOf } from '../lambdas/core/api/route-match';
import { createLocalClients } from '../local/clients';
import { openLocalPrivacy } from '../local/privacy';
import { CliError, deployedApi, type ApiResponse } from './cli-client';
import { displayText } from './cli-output';

/** The usage lines of the subject commands. */
export const SUBJECT_USAGE = `  subject       export <subjectId> [--format json|csv] [--out FILE]   everything by or about a person, personal fields in clear (privacy role; audited)
  subject       erase <subjectId> --reason TEXT   destroy the person's keys: their personal fields read [erased] for ever (privacy role; audited)
  subject       expire-keys                      destroy the keys of personal data past retention now (local stack)`;

const OPTIONS = {
  format: { type: 'string' }, out: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' },
  'local-dir': { type: 'string' }, api: { type: 'string' }, region: { type: 'string' },
} as const;

/** Runs `subject <sub> [subjectId] [options]`. */
export async function subjectCommand(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv.slice(1), options: OPTIONS, allowPositionals: true });
  const [sub, subjectId] = positionals;
  const localDir = values['local-dir'] ?? join(process.cwd(), '.local');
  if (sub === 'expire-keys') return expireKeys(localDir, values.json === true);
  if (!subjectId) throw new CliError(`a subjectId is required\n${SUBJECT_USAGE}`);
  if (sub === 'export') {
    const query = { format: values.format ?? 'json' };
    const path = pathOf('GET /v1/subjects/{subjectId}/export', { subjectId });
    const res = values.api ? await deployedApi(values.api, values.region)(path, query) : await localCall(localDir, 'GET', path, query);
    return write(await okText(res), values.out);
  }
  if (sub === 'erase') {
    if (values.api) throw new CliError('erase runs against the local stack; on AWS call the API as the PrivacyOfficer role');
    if (!values.reason) throw new CliError('--reason is required: it is recorded with the erasure');
    const res = await localCall(localDir, 'POST', pathOf('POST /v1/subjects/{subjectId}/erasure', { subjectId }), {}, { reason: values.reason });
    const result = JSON.parse(await okText(res)) as { erasedAt: string; keysDestroyed: number };
    return void console.log(values.json ? JSON.stringify(result, null, 2) : displayText(`erased ${subjectId} at ${result.erasedAt}: ${result.keysDestroyed} keys destroyed`));
  }
  throw new CliError(`unknown command "subject ${sub ?? ''}"\n${SUBJECT_USAGE}`);
}

/** One request to the local stack as the privacy role. */
async function localCall(localDir: string, method: 'GET' | 'POST', path: string, query: Record<string, string>, body?: unknown): Promise<ApiResponse> {
  const runtime = await readJson(join(localDir, 'runtime.json'), 'is the local stack started? run `npm start`');
  const credentials = await readJson(join(localDir, 'credentials.json'), 'run `npm start` once to create it');
  const url = new URL(String(runtime.apiUrl) + path);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${String(credentials.privacy)}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).catch(() => {
    throw new CliError(`cannot reach the audit API at ${String(runtime.apiUrl)}`);
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: response.body, text: () => response.text() };
}

/** The body of a 2xx answer; an API error becomes one CLI line naming its code, message and details. */
async function okText(res: ApiResponse): Promise<string> {
  const text = await res.text();
  if (res.status < 300) return text;
  let error: { code?: string; message?: string; details?: { path: string; message: string }[] } | undefined;
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error;
  } catch {
    error = undefined;
  }
  const details = (error?.details ?? []).map((d) => `\n  ${d.path}: ${d.message}`).join('');
  throw new CliError(displayText(`${res.status} ${error?.code ?? 'error'}: ${error?.message ?? 'request failed'}${details}`));
}

async function write(text: string, out: string | undefined): Promise<void> {
  if (!out) return void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  const sink = createWriteStream(out, { mode: 0o600 });
  await new Promise<void>((resolve, reject) => sink.on('error', reject).end(text, resolve));
  console.error(`subject export written to ${out}`);
}

async function expireKeys(localDir: string, json: boolean): Promise<void> {
  const runtime = await readJson(join(localDir, 'runtime.json'), 'is the local stack started? run `npm start`');
  const { client, documentClient } = createLocalClients(String(runtime.dynamodbEndpoint));
  try {
    const hotWindow = typeof runtime.hotWindowSeconds === 'number' ? { hotWindowSeconds: runtime.hotWindowSeconds } : {};
    const privacy = await openLocalPrivacy({ localDir, client, documentClient, tableName: String(runtime.tableName), ...hotWindow });
    const result = await privacy.services.expireKeys.execute({ principal: 'local:cli' });
    console.log(json ? JSON.stringify(result, null, 2) : `${result.keysDestroyed} keys destroyed (retention ended before ${result.expiredBefore})${result.more ? '; more are due: run again' : ''}`);
  } finally {
    client.destroy();
  }
}

async function readJson(file: string, hint: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    throw new CliError(`cannot read ${file}: ${hint}`);
  }
}
