/**
 * How the smoke test calls the audit API as each role: the local stack with the bearer
 * tokens of `.local/credentials.json`, or a deployed stage signed with SigV4 for
 * `execute-api` (the default credential chain, or one named profile per role).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../lambdas/adapters/sigv4/node-sha256';

/** Who makes a call: the API's roles, or nobody (health, OpenAPI). */
export type SmokeRole = 'writer' | 'reader' | 'none';

/** An API answer with its JSON body parsed (undefined when not JSON). */
export interface SmokeResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Calls the API: `body` present means POST with a JSON body. */
export type SmokeCall = (role: SmokeRole, path: string, body?: unknown) => Promise<SmokeResponse>;

/** A target the smoke test runs against. */
export interface SmokeTarget {
  readonly kind: 'local' | 'aws';
  readonly apiUrl: string;
  readonly call: SmokeCall;
}

/** The local stack found through `<localDir>/runtime.json` and its bearer tokens. */
export async function localTarget(localDir: string): Promise<SmokeTarget> {
  const read = async (name: string) => {
    try {
      return JSON.parse(await readFile(join(localDir, name), 'utf8')) as Record<string, string>;
    } catch {
      throw new Error(`cannot read ${join(localDir, name)}: is the local stack running (npm start)?`);
    }
  };
  const runtime = await read('runtime.json');
  const tokens = await read('credentials.json');
  const apiUrl = String(runtime.apiUrl);
  return {
    kind: 'local',
    apiUrl,
    call: (role, path, body) => {
      const auth: Record<string, string> = role === 'none' ? {} : { authorization: `Bearer ${tokens[role]}` };
      return send(new URL(apiUrl + path), auth, body);
    },
  };
}

/** A credential provider as SignatureV4 takes it. */
type CredentialProvider = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

/** Credentials per role for a deployed stage. */
export interface AwsSmokeOptions {
  readonly region?: string;
  /** Named profiles (e.g. ones that assume AuditWriter and AuditReader); default: the default chain. */
  readonly writerProfile?: string;
  readonly readerProfile?: string;
  /** Injected credentials (tests). */
  readonly credentials?: Partial<Record<'writer' | 'reader', CredentialProvider>>;
}

/** A deployed stage URL (`https://<id>.execute-api.<region>.amazonaws.com/<stage>`), signed with SigV4. */
export function awsTarget(stageUrl: string, options: AwsSmokeOptions = {}): SmokeTarget {
  const base = stageUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  const region = options.region ?? process.env.AWS_REGION ?? /execute-api\.([a-z0-9-]+)\.amazonaws/.exec(base)?.[1];
  if (!region) throw new Error('cannot tell the AWS region from the URL: pass --region or set AWS_REGION');
  const signer = (role: 'writer' | 'reader') => {
    const profile = role === 'writer' ? options.writerProfile : options.readerProfile;
    const credentials = options.credentials?.[role] ?? defaultProvider(profile ? { profile } : {});
    return new SignatureV4({ service: 'execute-api', region, credentials, sha256: NodeSha256 });
  };
  const signers = { writer: signer('writer'), reader: signer('reader') };
  return {
    kind: 'aws',
    apiUrl: base,
    call: async (role, path, body) => {
      const url = new URL(base + path);
      if (role === 'none') return send(url, {}, body);
      const text = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { host: url.host, ...(text === undefined ? {} : { 'content-type': 'application/json' }) };
      const signed = await signers[role].sign({
        method: text === undefined ? 'GET' : 'POST', protocol: url.protocol, hostname: url.hostname, path: url.pathname,
        query: Object.fromEntries(url.searchParams), headers, body: text,
      });
      return send(url, signed.headers, body);
    },
  };
}

async function send(url: URL, headers: Record<string, string>, body: unknown): Promise<SmokeResponse> {
  const { host: _host, ...rest } = headers;
  const init: RequestInit = body === undefined
    ? { headers: rest }
    : { method: 'POST', headers: { ...rest, 'content-type': 'application/json' }, body: JSON.stringify(body) };
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new Error(`cannot reach the audit API at ${url.origin}`);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed };
}
