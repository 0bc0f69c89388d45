import { request } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openLocalSigner } from '../../../lambdas/adapters/local/local-signer';
import { localTrustedKeysPath, publishFirstLocalKey } from '../../../lambdas/adapters/local/local-trusted-keys';
import { jsonResponse } from '../../../lambdas/functions/shared/http-response';
import { startLocalConsole } from '../../../local/console';
import { startLocalApi, type LocalApi } from '../../../local/http-server';

/**
 * The console as the local front serves it: built into the data folder, every answer with
 * the security headers, the right content types, config.json with the published trusted
 * keys, and no path that reaches any other file, however it is spelled.
 */

const SECRET = 'secret-token-that-must-not-leak';
let localDir: string;
let api: LocalApi;

beforeAll(async () => {
  localDir = await mkdtemp(join(tmpdir(), 'dmis-console-serve-'));
  await publishFirstLocalKey(localDir, await openLocalSigner(localDir));
  await writeFile(join(localDir, 'credentials.json'), JSON.stringify({ reader: SECRET }));
  const notFound = async () => jsonResponse(404, { error: { code: 'not_found', message: 'no', details: [] } });
  api = await startLocalApi({
    port: 0,
    authenticate: () => undefined,
    handlers: { ingest: notFound, query: notFound, alarms: notFound },
    site: await startLocalConsole(localDir),
  });
}, 60_000);
afterAll(async () => {
  await api?.stop();
  await rm(localDir, { recursive: true, force: true });
});

/** A raw request: the path goes on the wire exactly as written (fetch would normalise `..`). */
function raw(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving the console at /console/', () => {
  it('redirects /console to /console/', async () => {
    const res = await raw('/console');
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe('/console/');
  });

  it.each([
    ['/console/', 'text/html; charset=utf-8', '<script type="module" src="app.js">'],
    ['/console/index.html', 'text/html; charset=utf-8', '<link rel="stylesheet" href="app.css">'],
    ['/console/app.js', 'text/javascript; charset=utf-8', 'config.json'],
    ['/console/app.css', 'text/css; charset=utf-8', ':focus-visible'],
  ])('serves %s as %s with the security headers', async (path, type, content) => {
    // Act
    const res = await raw(path);
    // Assess
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.body).toContain(content);
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'self';.*frame-ancestors 'none'/);
    expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves config.json: local mode, the API on the same origin, the published trusted keys', async () => {
    // Prepare
    const published = JSON.parse(await readFile(localTrustedKeysPath(localDir), 'utf8')) as unknown;
    // Act
    const res = await raw('/console/config.json');
    // Assess
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.body)).toEqual({ mode: 'local', apiBase: '/v1', trustedKeys: published });
  });

  it.each([
    '/console/../credentials.json',
    '/console/%2e%2e/credentials.json',
    '/console/..%2fcredentials.json',
    '/console/chunks/../../credentials.json',
    '/console/%2e%2e%2f%2e%2e%2fcredentials.json',
    '/console/..\\credentials.json',
    '/console/%2Fetc%2Fpasswd',
    '/console//etc/passwd',
    '/console/../console/../credentials.json',
    '/console/block-signing-key.pem',
    '/console/../block-signing-key.pem',
  ])('reaches no file outside the build: %s', async (path) => {
    const res = await raw(path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain('PRIVATE KEY');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const res = await raw('/console/', 'POST');
    expect(res.status).toBe(405);
  });

  it('leaves the API routes to the API', async () => {
    const res = await raw('/v1/health');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  });
});
