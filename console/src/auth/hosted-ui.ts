/**
 * The Cognito hosted UI's OAuth 2.0 endpoints: authorize (authorization code with PKCE),
 * token (code exchange and refresh) and logout. Cognito enforces MFA in the hosted UI;
 * the console only ever sees the resulting tokens.
 */
import type { AwsConsoleConfig } from './aws-config';
import { codeChallenge, type PendingSignIn } from './pkce';

/** The tokens the console keeps (sessionStorage) with the instant the id token expires. */
export interface CognitoTokens {
  readonly idToken: string;
  readonly refreshToken?: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** Sign-in failed; the message says which step, never a token. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
}

type HostedUi = Pick<AwsConsoleConfig, 'cognitoDomain' | 'userPoolClientId' | 'redirectUri'>;

/** The hosted UI's sign-in page for this pending sign-in. */
export async function authorizeUrl(aws: HostedUi, pending: PendingSignIn): Promise<string> {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: aws.userPoolClientId,
    redirect_uri: aws.redirectUri,
    scope: 'openid',
    state: pending.state,
    code_challenge: await codeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  });
  return `${aws.cognitoDomain}/oauth2/authorize?${params.toString()}`;
}

/** Where sign-out sends the browser: Cognito ends its session and returns to the console. */
export function logoutUrl(aws: HostedUi): string {
  const params = new URLSearchParams({ client_id: aws.userPoolClientId, logout_uri: aws.redirectUri });
  return `${aws.cognitoDomain}/logout?${params.toString()}`;
}

/** Exchanges the authorization code, proving possession of the verifier. */
export function exchangeCode(
  aws: HostedUi,
  code: string,
  verifier: string,
  fetcher: typeof fetch,
  now: number,
): Promise<CognitoTokens> {
  return tokenRequest(aws, fetcher, now, {
    grant_type: 'authorization_code',
    client_id: aws.userPoolClientId,
    code,
    redirect_uri: aws.redirectUri,
    code_verifier: verifier,
  });
}

/** New id token from the refresh token; Cognito does not rotate the refresh token here, so it is kept. */
export async function refreshTokens(
  aws: HostedUi,
  refreshToken: string,
  fetcher: typeof fetch,
  now: number,
): Promise<CognitoTokens> {
  const tokens = await tokenRequest(aws, fetcher, now, {
    grant_type: 'refresh_token',
    client_id: aws.userPoolClientId,
    refresh_token: refreshToken,
  });
  return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
}

async function tokenRequest(
  aws: HostedUi,
  fetcher: typeof fetch,
  now: number,
  form: Record<string, string>,
): Promise<CognitoTokens> {
  const response = await fetcher(`${aws.cognitoDomain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const reason = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    throw new AuthError(`Cognito refused the ${form.grant_type} grant: ${reason}`);
  }
  const { id_token: idToken, refresh_token: refreshToken, expires_in: expiresIn } = body;
  if (typeof idToken !== 'string' || typeof expiresIn !== 'number') {
    throw new AuthError('Cognito token response has no id_token or expires_in');
  }
  return { idToken, ...(typeof refreshToken === 'string' ? { refreshToken } : {}), expiresAt: now + expiresIn * 1000 };
}
