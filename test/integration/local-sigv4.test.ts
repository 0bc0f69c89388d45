import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../lambdas/adapters/sigv4/node-sha256';
import { jsonResponse } from '../../lambdas/functions/shared/http-response';
import { createAuthenticator, loadOrCreateCredentials, type LocalCredentials } from '../../local/credentials';
import { startLocalApi, type ApiHandler, type LocalApi } from '../../local/http-server';
import { createSigV4Verifier, type LocalAccessKey } from '../../local/sigv4-auth';

/**
 * The local API's SigV4 path: requests signed with a role's local key reach the handler as
 * that role; a wrong secret, a changed body, an old date or the other role's key are refused
 * with a JSON 401/403 and never reach the handler.
 */

let api: LocalApi;
let credentials: LocalCredentials;
const reached: string[] = [];

beforeAll(async () => {
  credentials = await loadOrCreateCredentials(await mkdtemp(join(tmpdir(), 'dmis-sigv4-')));
  // The handler echoes who the front says called and what body it passed on.
  const echo: ApiHandler = async (event) => {
    reached.push(event.body ?? '');
    return jsonResponse(200, { principal: event.requestContext.identity.userArn, body: event.body });
  };
  api = await startLocalApi({
    port: 0,
    authenticate: createAuthenticator(credentials),
    verifySigV4: createSigV4Verifier(credentials.sigv4),
    handlers: { ingest: echo, query: echo, alarms: echo },
  });
});

afterAll(() => api?.stop());

interface SignOptions {
  readonly key?: LocalAccessKey;
  readonly date?: Date;
  readonly applyChecksum?: boolean;
  readonly path?: string;
  readonly method?: string;
  readonly query?: Record<string, string>;
}

async function signedFetch(body: string | undefined, options: SignOptions = {}, sentBody = body): Promise<Response> {
  const url = new URL(api.url);
  const { region, service } = credentials.sigv4;
  const signer = new SignatureV4({
    credentials: options.key ?? credentials.sigv4.writer,
    region,
    service,
    sha256: NodeSha256,
    applyChecksum: options.applyChecksum ?? true,
  });
  const method = options.method ?? 'POST';
  const path = options.path ?? '/v1/events';
  const headers: Record<string, string> = { host: url.host, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const signed = await signer.sign(
    { method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, query: options.query ?? {}, headers, body },
    options.date ? { signingDate: options.date } : {},
  );
  const { host: _host, ...sendHeaders } = signed.headers;
  const query = new URLSearchParams(options.query ?? {}).toString();
  return fetch(`${api.url}${path}${query ? `?${query}` : ''}`, { method, headers: sendHeaders, body: sentBody });
}

describe('SigV4 on the local API', () => {
  it.each([true, false])('accepts a request signed with the writer key as the writer (content hash header: %s)', async (applyChecksum) => {
    // Act
    const response = await signedFetch('{"a":1}', { applyChecksum });
    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ principal: 'local:writer', body: '{"a":1}' });
  });

  it('accepts the reader key on a reader route, with a query string', async () => {
    const response = await signedFetch(undefined, { key: credentials.sigv4.reader, method: 'GET', path: '/v1/events', query: { limit: '5', b: 'x y' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { principal: string }).principal).toBe('local:reader');
  });

  it.each([
    ['a wrong secret', { key: { accessKeyId: 'LOCALWRITER000000000000', secretAccessKey: 'nope' } }, undefined, 401],
    ['a wrong secret for a real key id', { key: { ...credentials?.sigv4.writer, secretAccessKey: 'wrong' } }, undefined, 401],
    ['a stale date', { date: new Date(Date.now() - 6 * 60_000) }, undefined, 401],
    ['a date in the future', { date: new Date(Date.now() + 6 * 60_000) }, undefined, 401],
    ['a tampered body (hash header)', { applyChecksum: true }, '{"a":2}', 401],
    ['a tampered body (no hash header)', { applyChecksum: false }, '{"a":2}', 401],
  ] as const)('refuses %s with a JSON 401 and never reaches the handler', async (_name, options, sentBody, status) => {
    // Prepare
    const before = reached.length;
    const signOptions = { ...options, key: 'key' in options ? { ...credentials.sigv4.writer, ...options.key } : undefined };
    // Act
    const response = await signedFetch('{"a":1}', signOptions, sentBody ?? '{"a":1}');
    // Assess
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/json');
    const text = await response.text();
    expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect(text).not.toContain(credentials.sigv4.writer.secretAccessKey);
    expect(reached.length).toBe(before);
  });

  it('refuses the reader key on the writer route with a JSON 403', async () => {
    const response = await signedFetch('{"a":1}', { key: credentials.sigv4.reader });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('keeps bearer tokens working beside SigV4', async () => {
    const response = await fetch(`${api.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${credentials.writer}` }, body: '{}' });
    expect(response.status).toBe(200);
  });
});

describe('SigV4 keys in credentials.json', () => {
  it('writes a key per role with the local scope, and adds keys to an older file keeping its tokens', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'dmis-sigv4-old-'));
    await writeFile(join(dir, 'credentials.json'), JSON.stringify({ writer: 'w'.repeat(20), reader: 'r'.repeat(20) }), { mode: 0o600 });
    // Act
    const upgraded = await loadOrCreateCredentials(dir);
    const again = await loadOrCreateCredentials(dir);
    // Assess
    expect(upgraded.writer).toBe('w'.repeat(20));
    expect(upgraded.sigv4).toMatchObject({ region: 'local', service: 'execute-api' });
    expect(upgraded.sigv4.writer.accessKeyId).not.toBe(upgraded.sigv4.reader.accessKeyId);
    expect(again).toEqual(upgraded);
    expect(JSON.parse(await readFile(join(dir, 'credentials.json'), 'utf8'))).toEqual(upgraded);
  });
});
