/**
 * The console's API transport on AWS: every read is a GET signed with SigV4 (service
 * `execute-api`) using the identity pool's credentials for the AuditReader role, sent to
 * the console's own origin. CloudFront forwards `/v1/*` to API Gateway with the Host
 * header of the API, so the signature is computed for that host and the stage's path;
 * the API's IAM authorisation stays the only gate.
 */
import type { ApiResponse, ApiTransport } from '../api/transport';
import { browserEnvironment, type AuthEnvironment, type AwsConsoleConfig } from './aws-config';
import { CognitoSession } from './cognito-session';
import { signRequest, uriEncode } from './sigv4';

/**
 * Signs in (completing a hosted-UI return or resuming the tab's session) and resolves to
 * the transport. With no session it sends the browser to the hosted UI and never
 * resolves: the page is being left.
 */
export async function createAwsTransport(
  aws: AwsConsoleConfig,
  env: AuthEnvironment = browserEnvironment(),
): Promise<ApiTransport> {
  const session = new CognitoSession(aws, env);
  if (!(await session.start())) return new Promise<never>(() => undefined);
  return {
    get: (path, query = {}) => signedGet(aws, session, env, path, withoutEmptyValues(query)),
    signOut: () => session.signOut(),
  };
}

async function signedGet(
  aws: AwsConsoleConfig,
  session: CognitoSession,
  env: AuthEnvironment,
  path: string,
  query: Record<string, string>,
): Promise<ApiResponse> {
  if (!path.startsWith('/v1/')) throw new TypeError(`API path must start with /v1/: ${path}`);
  const credentials = await session.currentCredentials();
  const headers = await signRequest(
    { method: 'GET', host: aws.apiHost, path: `${aws.apiStagePath}${path}`, query },
    credentials,
    { region: aws.region, service: 'execute-api' },
    env.now(),
  );
  // `cache` is a browser RequestInit field that Node's typings lack; audit reads are never cached.
  const init = {
    method: 'GET',
    headers: { ...headers, accept: 'application/json' },
    credentials: 'omit',
    cache: 'no-store',
  };
  return env.fetch(`${path}${queryString(query)}`, init as RequestInit);
}

/** Empty filters are not sent, as with the local transport (api/transport.ts apiUrl). */
function withoutEmptyValues(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
}

/** Encoded exactly as the signature's canonical query, so what API Gateway decodes is what was signed. */
export function queryString(query: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(query).map(([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`);
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}
