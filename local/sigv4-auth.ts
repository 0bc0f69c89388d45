/**
 * SigV4 for the local API: each role has a local access key (in `.local/credentials.json`
 * beside the bearer tokens) and the front verifies `Authorization: AWS4-HMAC-SHA256 ...`
 * the way API Gateway's IAM auth does, so clients exercise their real signing path. The
 * signature is recomputed with @smithy/signature-v4 over exactly the headers the client
 * signed, the body's SHA-256, and the client's x-amz-date, then compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { UnauthorizedError } from '../lambdas/core/errors';
import { NodeSha256 } from '../lambdas/adapters/sigv4/node-sha256';
import type { LocalCaller, LocalRole } from './credentials';

/** One role's local access key pair. */
export interface LocalAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The `sigv4` entry of credentials.json: a key per role, and the scope clients sign for. */
export interface LocalSigV4Keys extends Readonly<Record<LocalRole, LocalAccessKey>> {
  readonly region: string;
  readonly service: string;
}

/** The region and service every local signature is scoped to. */
export const LOCAL_SIGV4_SCOPE = { region: 'local', service: 'execute-api' } as const;

/** How far x-amz-date may be from the server's clock, as on AWS. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** What the verifier needs of a request: everything the signature covers. */
export interface SignedRequest {
  readonly method: string;
  /** The request target as received (`req.url`): path and raw query. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string | null;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** True when an Authorization header claims SigV4 (the front then reads the body before checking it). */
export function isSigV4Authorization(authorization: string | undefined): boolean {
  return authorization?.startsWith(`${ALGORITHM} `) ?? false;
}

/** A fresh key for one role; the `LOCAL` prefix says it opens nothing on AWS. */
export function newLocalAccessKey(role: LocalRole): LocalAccessKey {
  return {
    accessKeyId: `LOCAL${role.toUpperCase()}${randomBytes(6).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
}

/** Fresh keys for every role. */
export function newLocalSigV4Keys(): LocalSigV4Keys {
  return { ...LOCAL_SIGV4_SCOPE, writer: newLocalAccessKey('writer'), reader: newLocalAccessKey('reader'), privacy: newLocalAccessKey('privacy') };
}

/** Builds the check that maps a SigV4-signed request to its caller, or throws UnauthorizedError. */
export function createSigV4Verifier(keys: LocalSigV4Keys, now: () => number = Date.now) {
  const byKeyId = new Map((['writer', 'reader', 'privacy'] as const).map((role) => [keys[role].accessKeyId, { role, key: keys[role] }]));
  return async (request: SignedRequest): Promise<LocalCaller> => {
    const parsed = parseAuthorization(String(request.headers.authorization ?? ''));
    const found = byKeyId.get(parsed.accessKeyId);
    // One message for unknown key, wrong scope and wrong signature: nothing to probe with.
    const invalid = new UnauthorizedError('the request signature is not valid');
    if (!found || parsed.region !== keys.region || parsed.service !== keys.service) throw invalid;
    const signingDate = checkDate(request.headers['x-amz-date'], parsed.date, now());
    checkPayloadHash(request);
    const expected = await recompute(request, parsed.signedHeaders, signingDate, found.key, keys);
    const presented = Buffer.from(parsed.signature, 'utf8');
    const wanted = Buffer.from(expected, 'utf8');
    if (presented.length !== wanted.length || !timingSafeEqual(presented, wanted)) throw invalid;
    return { role: found.role, principal: `local:${found.role}` };
  };
}

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

function parseAuthorization(header: string): ParsedAuthorization {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(
    header.trim(),
  );
  if (!match) throw new UnauthorizedError('the Authorization header is not a well-formed AWS4-HMAC-SHA256 signature');
  const [, accessKeyId = '', date = '', region = '', service = '', signed = '', signature = ''] = match;
  const signedHeaders = signed.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) {
    throw new UnauthorizedError('the signature must cover the host and x-amz-date headers');
  }
  return { accessKeyId, date, region, service, signedHeaders, signature };
}

function checkDate(header: string | string[] | undefined, scopeDate: string, nowMs: number): Date {
  const match = typeof header === 'string' ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(header) : null;
  if (!match) throw new UnauthorizedError('x-amz-date must be a UTC time as YYYYMMDDTHHMMSSZ');
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (!header?.toString().startsWith(scopeDate)) throw new UnauthorizedError('the credential scope date does not match x-amz-date');
  if (Math.abs(date.getTime() - nowMs) > MAX_CLOCK_SKEW_MS) {
    throw new UnauthorizedError('the signature has expired or is from the future: x-amz-date is more than 5 minutes from the server clock');
  }
  return date;
}

/** A signed x-amz-content-sha256 is what the signer hashes, so it must be the body's real hash. */
function checkPayloadHash(request: SignedRequest): void {
  const claimed = request.headers['x-amz-content-sha256'];
  if (claimed === undefined) return;
  const actual = createHash('sha256').update(request.body ?? '', 'utf8').digest('hex');
  if (claimed !== actual) throw new UnauthorizedError('x-amz-content-sha256 does not match the body');
}

async function recompute(request: SignedRequest, signedHeaders: readonly string[], signingDate: Date, key: LocalAccessKey, keys: LocalSigV4Keys) {
  const url = new URL(request.url, 'http://local');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) throw new UnauthorizedError(`the signed header ${name} is missing`);
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? (values[0] as string) : values;
  }
  // applyChecksum off: the server must not add headers the client did not sign.
  const signer = new SignatureV4({ credentials: key, region: keys.region, service: keys.service, sha256: NodeSha256, applyChecksum: false });
  const pathname = (request.url.split('?')[0] ?? '/') || '/';
  const signed = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: url.hostname, path: pathname, query, headers, body: request.body ?? undefined },
    { signingDate, signableHeaders: new Set(signedHeaders) },
  );
  const authorization = String(signed.headers.authorization ?? '');
  return /Signature=([0-9a-f]{64})/.exec(authorization)?.[1] ?? '';
}
