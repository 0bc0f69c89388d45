/**
 * AWS Signature Version 4 for the console's API reads, on WebCrypto (HMAC-SHA-256,
 * SHA-256) so it runs in the browser and in Node without a bundled hash library. Only
 * what a GET to API Gateway needs: method, path, query, `host`, `x-amz-date` and the
 * session token; no body (the empty payload's hash).
 */

/** Temporary credentials from the identity pool. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A request to sign: `path` as sent on the wire (already percent-encoded), query unencoded. */
export interface SignableRequest {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
}

/** Where the signature is valid: the API's region and service (`execute-api`). */
export interface SigningScope {
  readonly region: string;
  readonly service: string;
}

/** The headers to send with the request (besides `host`, which the browser sets itself). */
export interface SignedHeaders {
  readonly authorization: string;
  readonly 'x-amz-date': string;
  readonly 'x-amz-security-token'?: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const encoder = new TextEncoder();

/** Signs `request` at instant `now` (ms since the epoch). */
export async function signRequest(
  request: SignableRequest,
  credentials: AwsCredentials,
  scope: SigningScope,
  now: number,
): Promise<SignedHeaders> {
  const amzDate = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = { host: request.host, 'x-amz-date': amzDate };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const signedHeaderNames = names.join(';');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(request.path),
    canonicalQuery(request.query ?? {}),
    names.map((name) => `${name}:${String(headers[name]).trim().replace(/\s+/g, ' ')}\n`).join(''),
    signedHeaderNames,
    await sha256Hex(''),
  ].join('\n');
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, credentialScope, await sha256Hex(canonicalRequest)].join('\n');
  const key = await signingKey(credentials.secretAccessKey, day, scope);
  const signature = toHex(await hmac(key, stringToSign));
  return {
    authorization: `${ALGORITHM} Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaderNames}, Signature=${signature}`,
    'x-amz-date': amzDate,
    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
  };
}

/**
 * RFC 3986 encoding of every byte but the unreserved ones (encodeURIComponent leaves
 * `!'()*` alone; SigV4 does not).
 */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Every service but S3 encodes each path segment once more: the wire path is already
 * encoded, so API Gateway's canonical path holds `%25` where the wire holds `%`.
 */
function canonicalPath(path: string): string {
  if (path === '' || path === '/') return '/';
  return path.split('/').map(uriEncode).join('/');
}

function canonicalQuery(query: Readonly<Record<string, string>>): string {
  return Object.entries(query)
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

async function signingKey(secret: string, day: string, scope: SigningScope): Promise<ArrayBuffer> {
  let key = await hmac(encoder.encode(`AWS4${secret}`), day);
  for (const part of [scope.region, scope.service, 'aws4_request']) key = await hmac(key, part);
  return key;
}

async function hmac(key: ArrayBuffer | Uint8Array<ArrayBuffer>, data: string): Promise<ArrayBuffer> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(data));
}

async function sha256Hex(data: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(data)));
}

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}
