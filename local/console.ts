/**
 * The auditor console on the local runtime: built once at start into `<localDir>/console/`
 * and served by the local front at `/console/`, with `config.json` (mode local, the API on
 * the same origin, the trusted keys the local sealer published). Only the files the build
 * wrote are served (a fixed list, so no path can reach outside it), each with the headers
 * the CloudFront distribution sends on AWS: a CSP of `default-src 'self'`, no framing, no
 * sniffing, no referrer.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { buildConsole } from '../console/build';
import { readLocalTrustedKeys } from '../lambdas/adapters/local/local-trusted-keys';

/** Where the console is served. */
export const CONSOLE_PATH = '/console';

/** Headers of every console response. */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
};

/** Answers a request for a path under /console, or undefined for any other path. */
export type ConsoleSite = (method: string, path: string) => Promise<APIGatewayProxyResult> | undefined;

/** What the site serves: the built folder and its files, and config.json's contents. */
export interface ConsoleSiteOptions {
  readonly dir: string;
  /** Files as the build listed them (relative, `/`-separated); nothing else is served. */
  readonly files: readonly string[];
  readonly config: () => Promise<unknown>;
}

/** The site over a built folder. */
export function consoleSite(options: ConsoleSiteOptions): ConsoleSite {
  const files = new Set(options.files);
  return (method, path) => {
    if (path !== CONSOLE_PATH && !path.startsWith(`${CONSOLE_PATH}/`)) return undefined;
    if (method !== 'GET' && method !== 'HEAD') return Promise.resolve(plain(405, 'method not allowed'));
    if (path === CONSOLE_PATH) return Promise.resolve({ statusCode: 308, headers: { ...CONSOLE_SECURITY_HEADERS, location: `${CONSOLE_PATH}/` }, body: '' });
    const name = path.slice(CONSOLE_PATH.length + 1) || 'index.html';
    if (name === 'config.json') return options.config().then((config) => file('config.json', Buffer.from(JSON.stringify(config))));
    if (!files.has(name)) return Promise.resolve(plain(404, 'not found'));
    return readFile(join(options.dir, ...name.split('/'))).then((body) => file(name, body));
  };
}

/** Builds the console into `<localDir>/console` and serves it with the local trusted keys; a failed build serves a 503 that says so. */
export async function startLocalConsole(localDir: string): Promise<ConsoleSite> {
  const dir = join(localDir, 'console');
  try {
    const { files } = await buildConsole({ outdir: dir });
    return consoleSite({ dir, files, config: async () => ({ mode: 'local', apiBase: '/v1', trustedKeys: (await readLocalTrustedKeys(localDir)) ?? [] }) });
  } catch (error) {
    console.error('local console: the build failed; /console answers 503', error);
    return (_method, path) => (path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`) ? Promise.resolve(plain(503, 'the console could not be built; see the runtime log')) : undefined);
  }
}

function file(name: string, body: Buffer): APIGatewayProxyResult {
  const type = CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
  return { statusCode: 200, headers: { ...CONSOLE_SECURITY_HEADERS, 'content-type': type }, body: body.toString('base64'), isBase64Encoded: true };
}

function plain(statusCode: number, text: string): APIGatewayProxyResult {
  return { statusCode, headers: { ...CONSOLE_SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' }, body: text };
}
