/**
 * One tab's sign-in: the hosted-UI redirect and its return, the user pool tokens in
 * sessionStorage, and identity-pool credentials in memory only, each renewed a few
 * minutes before it expires. Concurrent callers share one renewal.
 */
import type { AuthEnvironment, AwsConsoleConfig } from './aws-config';
import { AuthError, authorizeUrl, exchangeCode, logoutUrl, refreshTokens, type CognitoTokens } from './hosted-ui';
import { getCredentials, getIdentityId, type ExpiringCredentials } from './identity-pool';
import { newPendingSignIn, type PendingSignIn } from './pkce';

/** sessionStorage keys (per tab, cleared when it closes). */
export const STORAGE_KEYS = { tokens: 'dmis-console.aws.tokens', pending: 'dmis-console.aws.pending' } as const;

/** Renew tokens and credentials this long before they expire, so no request races the expiry. */
export const RENEW_BEFORE_MS = 5 * 60_000;

/** A sign-in under way, with the hash route (`#/event/…`) to show once it completes. */
interface ReturningSignIn extends PendingSignIn {
  readonly returnHash?: string;
}

/** The signed-in user's session; {@link start} first. */
export class CognitoSession {
  private credentials?: ExpiringCredentials;
  private identityId?: string;
  private renewal?: Promise<ExpiringCredentials>;

  constructor(
    private readonly aws: AwsConsoleConfig,
    private readonly env: AuthEnvironment,
  ) {}

  /**
   * Completes a return from the hosted UI, or resumes this tab's session, and fetches
   * credentials; false when there is neither and the browser is being sent to sign in.
   */
  async start(): Promise<boolean> {
    const url = new URL(this.env.currentUrl());
    if (url.searchParams.has('code') || url.searchParams.has('error')) await this.completeSignIn(url);
    else if (!this.storedTokens()) {
      await this.beginSignIn();
      return false;
    }
    await this.currentCredentials();
    return true;
  }

  /** Sends the browser to the hosted UI with a fresh PKCE verifier and state; the page's route comes back after. */
  async beginSignIn(): Promise<void> {
    const pending: ReturningSignIn = { ...newPendingSignIn(), returnHash: new URL(this.env.currentUrl()).hash };
    this.env.storage.setItem(STORAGE_KEYS.pending, JSON.stringify(pending));
    this.env.navigate(await authorizeUrl(this.aws, pending));
  }

  /** Credentials valid for at least {@link RENEW_BEFORE_MS}. */
  currentCredentials(): Promise<ExpiringCredentials> {
    if (this.credentials && this.credentials.expiresAt - RENEW_BEFORE_MS > this.env.now()) {
      return Promise.resolve(this.credentials);
    }
    this.renewal ??= this.renewCredentials().finally(() => (this.renewal = undefined));
    return this.renewal;
  }

  /** Forgets tokens and credentials and ends the hosted UI's session too. */
  signOut(): void {
    this.forget();
    this.env.navigate(logoutUrl(this.aws));
  }

  private async completeSignIn(url: URL): Promise<void> {
    const pending = this.takePending();
    const { code, state, error } = Object.fromEntries(
      ['code', 'state', 'error'].map((k) => [k, url.searchParams.get(k)]),
    );
    for (const key of ['code', 'state', 'error', 'error_description']) url.searchParams.delete(key);
    if (pending?.returnHash) url.hash = pending.returnHash;
    // A reload must not replay the code, whatever happens next.
    this.env.replaceUrl(url.toString());
    if (error) throw new AuthError(`Sign-in was not completed: ${error}`);
    if (!pending || !code || state !== pending.state)
      throw new AuthError('Sign-in response does not match the sign-in this tab started');
    this.storeTokens(await exchangeCode(this.aws, code, pending.verifier, this.env.fetch, this.env.now()));
  }

  private async renewCredentials(): Promise<ExpiringCredentials> {
    const tokens = await this.freshTokens();
    this.identityId ??= await getIdentityId(this.aws, tokens.idToken, this.env.fetch);
    this.credentials = await getCredentials(this.aws, this.identityId, tokens.idToken, this.env.fetch);
    return this.credentials;
  }

  private async freshTokens(): Promise<CognitoTokens> {
    const tokens = this.storedTokens();
    if (tokens && tokens.expiresAt - RENEW_BEFORE_MS > this.env.now()) return tokens;
    if (!tokens?.refreshToken) return this.expired();
    try {
      const renewed = await refreshTokens(this.aws, tokens.refreshToken, this.env.fetch, this.env.now());
      this.storeTokens(renewed);
      return renewed;
    } catch {
      return this.expired();
    }
  }

  private async expired(): Promise<never> {
    this.forget();
    await this.beginSignIn();
    throw new AuthError('The session has expired: signing in again');
  }

  private forget(): void {
    this.env.storage.removeItem(STORAGE_KEYS.tokens);
    this.env.storage.removeItem(STORAGE_KEYS.pending);
    this.credentials = undefined;
    this.identityId = undefined;
  }

  private storedTokens(): CognitoTokens | undefined {
    return parseStored<CognitoTokens>(
      this.env.storage.getItem(STORAGE_KEYS.tokens),
      (v) => typeof v.idToken === 'string' && typeof v.expiresAt === 'number',
    );
  }

  private storeTokens(tokens: CognitoTokens): void {
    this.env.storage.setItem(STORAGE_KEYS.tokens, JSON.stringify(tokens));
  }

  private takePending(): ReturningSignIn | undefined {
    const pending = this.env.storage.getItem(STORAGE_KEYS.pending);
    this.env.storage.removeItem(STORAGE_KEYS.pending);
    return parseStored<ReturningSignIn>(pending, (v) => typeof v.verifier === 'string' && typeof v.state === 'string');
  }
}

function parseStored<T>(text: string | null, valid: (value: Record<string, unknown>) => boolean): T | undefined {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && valid(value as Record<string, unknown>)
      ? (value as T)
      : undefined;
  } catch {
    return undefined;
  }
}
