/**
 * Cognito identity pool, enhanced flow: GetId, then GetCredentialsForIdentity with the
 * user pool's id token as the login. The pool's role mapping picks the role (AuditReader
 * for the `auditors` group) and refuses everyone else, so no role ARN is sent from here.
 */
import type { AwsConsoleConfig } from './aws-config';
import { AuthError } from './hosted-ui';
import type { AwsCredentials } from './sigv4';

/** Credentials with the instant they expire (ms since the epoch). */
export interface ExpiringCredentials extends AwsCredentials {
  readonly expiresAt: number;
}

type Pool = Pick<AwsConsoleConfig, 'region' | 'userPoolId' | 'identityPoolId'>;

/** The identity for this user in the pool (stable across sign-ins). */
export async function getIdentityId(pool: Pool, idToken: string, fetcher: typeof fetch): Promise<string> {
  const body = await call(pool, fetcher, 'GetId', {
    IdentityPoolId: pool.identityPoolId,
    Logins: logins(pool, idToken),
  });
  if (typeof body.IdentityId !== 'string') throw new AuthError('GetId answered without an IdentityId');
  return body.IdentityId;
}

/** Temporary credentials of the role the pool maps this user to. */
export async function getCredentials(
  pool: Pool,
  identityId: string,
  idToken: string,
  fetcher: typeof fetch,
): Promise<ExpiringCredentials> {
  const body = await call(pool, fetcher, 'GetCredentialsForIdentity', {
    IdentityId: identityId,
    Logins: logins(pool, idToken),
  });
  const c = body.Credentials as Record<string, unknown> | undefined;
  if (
    typeof c?.AccessKeyId !== 'string' ||
    typeof c.SecretKey !== 'string' ||
    typeof c.SessionToken !== 'string' ||
    typeof c.Expiration !== 'number'
  ) {
    throw new AuthError('GetCredentialsForIdentity answered without credentials');
  }
  // Expiration is in epoch seconds in the JSON protocol.
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretKey,
    sessionToken: c.SessionToken,
    expiresAt: c.Expiration * 1000,
  };
}

/** The identity pool's endpoint in the region. */
export function identityEndpoint(region: string): string {
  return `https://cognito-identity.${region}.amazonaws.com/`;
}

function logins(pool: Pool, idToken: string): Record<string, string> {
  return { [`cognito-idp.${pool.region}.amazonaws.com/${pool.userPoolId}`]: idToken };
}

/** Both calls are unsigned: the id token in `Logins` is the credential. */
async function call(
  pool: Pool,
  fetcher: typeof fetch,
  operation: string,
  payload: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await fetcher(identityEndpoint(pool.region), {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${operation}` },
    body: JSON.stringify(payload),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    // `__type` names the error (NotAuthorizedException when the role mapping denies); `message` may quote input, so it is dropped.
    const type = typeof body.__type === 'string' ? body.__type.replace(/^.*#/, '') : `HTTP ${response.status}`;
    throw new AuthError(`${operation} failed: ${type}`);
  }
  return body;
}
