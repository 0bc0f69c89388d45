/**
 * How the `dmis-audit` CLI reaches the API: the local stack (URL from
 * `.local/runtime.json`, reader token from `.local/credentials.json`), or a deployed API
 * signed with SigV4 using the default AWS credential chain.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../lambdas/adapters/sigv4/node-sha256';

/** An API answer: status, content type and a readable body. */
export interface ApiResponse {
  readonly status: number;
  readonly contentType: string;
  /** Response headers (Retry-After of an archive job). @default none */
  readonly headers?: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}

/** A GET against the audit API. */
export type ApiGet = (path: string, query?: Record<string, string | undefined>) => Promise<ApiResponse>;

/** A failure the CLI reports in one clear line. */
export class CliError extends Error {}

/** The local stack's API, read from `<localDir>/runtime.json` and `credentials.json`. */
export async function localApi(localDir: string): Promise<ApiGet> {
  const runtime = await readJson(join(localDir, 'runtime.json'), 'is the local stack started? run `npm start`');
  const credentials = await readJson(join(localDir, 'credentials.json'), 'run `npm start` once to create it');
  const base = String(runtime.apiUrl);
  const token = String(credentials.reader);
  return (path, query) => send(new URL(withQuery(base + path, query)), { authorization: `Bearer ${token}` }, base);
}

/** A deployed API (its stage URL), signed with SigV4 for `execute-api`. */
export function deployedApi(stageUrl: string, region?: string): ApiGet {
  const base = stageUrl.replace(/\/+$/, '');
  const resolvedRegion = region ?? process.env.AWS_REGION ?? /execute-api\.([a-z0-9-]+)\.amazonaws/.exec(base)?.[1];
  if (!resolvedRegion) throw new CliError('cannot tell the AWS region: pass --region or set AWS_REGION');
  const signer = new SignatureV4({ service: 'execute-api', region: resolvedRegion, credentials: defaultProvider(), sha256: NodeSha256 });
  return async (path, query) => {
    const url = new URL(withQuery(base.replace(/\/v1$/, '') + path, query));
    const signed = (await signer.sign({
      method: 'GET', protocol: url.protocol, hostname: url.hostname, path: url.pathname,
      query: Object.fromEntries(url.searchParams), headers: { host: url.host },
    } as never)) as unknown as { headers: Record<string, string> };
    return send(url, signed.headers, base);
  };
}

async function send(url: URL, headers: Record<string, string>, base: string): Promise<ApiResponse> {
  const { host: _host, ...rest } = headers;
  let response: Response;
  try {
    response = await fetch(url, { headers: rest });
  } catch {
    throw new CliError(`cannot reach the audit API at ${base}`);
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    headers: response.headers,
    body: response.body,
    text: () => response.text(),
  };
}

function withQuery(url: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
  const q = params.toString();
  return q ? `${url}?${q}` : url;
}

async function readJson(file: string, hint: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    throw new CliError(`cannot read ${file}: ${hint}`);
  }
}
