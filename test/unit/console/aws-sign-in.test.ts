/**
 * The console's AWS sign-in at the HTTP boundary: a fake `fetch` plays Cognito's token
 * endpoint and the identity pool, and each test asserts the exact requests the browser
 * would send (PKCE code exchange, GetId, GetCredentialsForIdentity, refresh) and what is
 * kept in sessionStorage.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { CognitoSession, RENEW_BEFORE_MS, STORAGE_KEYS } from '../../../console/src/auth/cognito-session';
import { AuthError } from '../../../console/src/auth/hosted-ui';
import {
  AWS,
  cognitoAnswers,
  FakeBrowser,
  IDENTITY_ENDPOINT,
  LOGIN_KEY,
  signedInBrowser,
  T0,
  TOKEN_ENDPOINT,
} from '../../fixtures/aws-console-browser';

describe('CognitoSession.start without a session', () => {
  it('sends the browser to the hosted UI with an S256 challenge of the verifier it keeps, and a state', async () => {
    const browser = new FakeBrowser();

    const started = await new CognitoSession(AWS, browser.env()).start();

    expect(started).toBe(false);
    expect(browser.sent).toEqual([]);
    const pending = JSON.parse(browser.storage.get(STORAGE_KEYS.pending) ?? '') as { verifier: string; state: string };
    expect(pending.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const url = new URL(browser.navigations[0] ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(`${AWS.cognitoDomain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: AWS.userPoolClientId,
      redirect_uri: AWS.redirectUri,
      scope: 'openid',
      state: pending.state,
      code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
  });
});

describe('CognitoSession: the page route survives the sign-in round trip', () => {
  it('keeps the hash route when leaving and puts it back on the return', async () => {
    const browser = new FakeBrowser();
    browser.url = 'https://console.example.gov/#/event/6f1c2a8e?tab=proof';
    await new CognitoSession(AWS, browser.env()).start();
    const { state } = JSON.parse(browser.storage.get(STORAGE_KEYS.pending) ?? '') as { state: string };
    browser.url = `https://console.example.gov/?code=auth-code-1&state=${state}`;
    cognitoAnswers(browser.reply(TOKEN_ENDPOINT, 200, { id_token: 'id-token-1', expires_in: 3600 }));

    await new CognitoSession(AWS, browser.env()).start();

    expect(browser.url).toBe('https://console.example.gov/#/event/6f1c2a8e?tab=proof');
  });
});

describe('CognitoSession.start on the return from the hosted UI', () => {
  function returning(state = 'state-123'): FakeBrowser {
    const browser = new FakeBrowser();
    browser.storage.set(STORAGE_KEYS.pending, JSON.stringify({ verifier: 'v'.repeat(43), state: 'state-123' }));
    browser.url = `https://console.example.gov/?code=auth-code-1&state=${state}`;
    return browser;
  }

  it('exchanges the code with the verifier, then asks the identity pool for an id and credentials', async () => {
    const browser = cognitoAnswers(
      returning().reply(TOKEN_ENDPOINT, 200, {
        id_token: 'id-token-1',
        access_token: 'a',
        refresh_token: 'refresh-1',
        expires_in: 3600,
        token_type: 'Bearer',
      }),
    );
    const session = new CognitoSession(AWS, browser.env());

    await expect(session.start()).resolves.toBe(true);

    const [token, getId, getCredentials] = browser.sent;
    expect(token).toEqual({
      url: TOKEN_ENDPOINT,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: expect.any(String),
    });
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({
      grant_type: 'authorization_code',
      client_id: AWS.userPoolClientId,
      code: 'auth-code-1',
      redirect_uri: AWS.redirectUri,
      code_verifier: 'v'.repeat(43),
    });
    expect(getId).toEqual({
      url: IDENTITY_ENDPOINT,
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityService.GetId' },
      body: JSON.stringify({ IdentityPoolId: AWS.identityPoolId, Logins: { [LOGIN_KEY]: 'id-token-1' } }),
    });
    expect(getCredentials).toEqual({
      url: IDENTITY_ENDPOINT,
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityService.GetCredentialsForIdentity',
      },
      body: JSON.stringify({ IdentityId: 'eu-west-1:aaaa-bbbb', Logins: { [LOGIN_KEY]: 'id-token-1' } }),
    });
    expect(browser.sent).toHaveLength(3);
  });

  it('keeps the tokens in sessionStorage, drops the pending sign-in and removes code and state from the URL', async () => {
    const browser = cognitoAnswers(
      returning().reply(TOKEN_ENDPOINT, 200, { id_token: 'id-token-1', refresh_token: 'refresh-1', expires_in: 3600 }),
    );

    await new CognitoSession(AWS, browser.env()).start();

    expect(JSON.parse(browser.storage.get(STORAGE_KEYS.tokens) ?? '')).toEqual({
      idToken: 'id-token-1',
      refreshToken: 'refresh-1',
      expiresAt: T0 + 3_600_000,
    });
    expect(browser.storage.has(STORAGE_KEYS.pending)).toBe(false);
    expect(browser.url).toBe('https://console.example.gov/');
  });

  it('refuses a state it did not issue, without calling Cognito', async () => {
    const browser = returning('forged-state');

    await expect(new CognitoSession(AWS, browser.env()).start()).rejects.toThrow(AuthError);

    expect(browser.sent).toEqual([]);
    expect(browser.url).toBe('https://console.example.gov/');
    expect(browser.storage.has(STORAGE_KEYS.tokens)).toBe(false);
  });

  it('reports an error Cognito sent back instead of a code', async () => {
    const browser = returning();
    browser.url = 'https://console.example.gov/?error=access_denied&state=state-123';

    await expect(new CognitoSession(AWS, browser.env()).start()).rejects.toThrow(
      'Sign-in was not completed: access_denied',
    );
    expect(browser.sent).toEqual([]);
  });

  it('names a refused code exchange without echoing the code', async () => {
    const browser = returning().reply(TOKEN_ENDPOINT, 400, { error: 'invalid_grant' });

    const failure = new CognitoSession(AWS, browser.env()).start();

    await expect(failure).rejects.toThrow('Cognito refused the authorization_code grant: invalid_grant');
    await expect(failure).rejects.not.toThrow(/auth-code-1/);
  });

  it('names the identity pool refusing a user the role mapping does not match', async () => {
    const browser = returning()
      .reply(TOKEN_ENDPOINT, 200, { id_token: 'id-token-1', expires_in: 3600 })
      .reply(IDENTITY_ENDPOINT, 200, { IdentityId: 'eu-west-1:aaaa-bbbb' })
      .reply(IDENTITY_ENDPOINT, 400, {
        __type: 'NotAuthorizedException',
        message: 'Ambiguous role mapping rules for: id-token-1',
      });

    const failure = new CognitoSession(AWS, browser.env()).start();

    await expect(failure).rejects.toThrow('GetCredentialsForIdentity failed: NotAuthorizedException');
    await expect(failure).rejects.not.toThrow(/id-token-1/);
  });
});

describe('CognitoSession credentials and renewal', () => {
  it('reuses credentials until five minutes before they expire, then renews them without a new GetId', async () => {
    const browser = cognitoAnswers(signedInBrowser({ expiresAt: T0 + 10 * 3_600_000 }));
    const session = new CognitoSession(AWS, browser.env());
    await session.start();
    browser.reply(IDENTITY_ENDPOINT, 200, {
      Credentials: { AccessKeyId: 'ASIA-2', SecretKey: 's2', SessionToken: 't2', Expiration: (T0 + 7_200_000) / 1000 },
    });

    browser.clock = T0 + 3_600_000 - RENEW_BEFORE_MS - 1;
    const before = await session.currentCredentials();
    browser.clock = T0 + 3_600_000 - RENEW_BEFORE_MS;
    const after = await session.currentCredentials();

    expect(before.accessKeyId).toBe('ASIA-id-token-1');
    expect(after.accessKeyId).toBe('ASIA-2');
    expect(browser.sentOf('GetId')).toHaveLength(1);
    expect(browser.sentOf('GetCredentialsForIdentity')).toHaveLength(2);
  });

  it('shares one renewal between concurrent callers', async () => {
    const browser = cognitoAnswers(signedInBrowser());
    const session = new CognitoSession(AWS, browser.env());

    const both = await Promise.all([session.currentCredentials(), session.currentCredentials()]);

    expect(both[0]).toBe(both[1]);
    expect(browser.sentOf('GetCredentialsForIdentity')).toHaveLength(1);
  });

  it('refreshes an id token about to expire with the refresh token before asking for credentials', async () => {
    const browser = signedInBrowser({ expiresAt: T0 + RENEW_BEFORE_MS });
    browser.reply(TOKEN_ENDPOINT, 200, { id_token: 'id-token-2', access_token: 'a', expires_in: 3600 });
    cognitoAnswers(browser, { idToken: 'id-token-2' });

    await new CognitoSession(AWS, browser.env()).start();

    const [refresh] = browser.sentOf('refresh_token');
    expect(Object.fromEntries(new URLSearchParams(refresh?.body))).toEqual({
      grant_type: 'refresh_token',
      client_id: AWS.userPoolClientId,
      refresh_token: 'refresh-1',
    });
    expect(JSON.parse(browser.sentOf('GetId')[0]?.body ?? '')).toEqual({
      IdentityPoolId: AWS.identityPoolId,
      Logins: { [LOGIN_KEY]: 'id-token-2' },
    });
    expect(JSON.parse(browser.storage.get(STORAGE_KEYS.tokens) ?? '')).toEqual({
      idToken: 'id-token-2',
      refreshToken: 'refresh-1',
      expiresAt: T0 + 3_600_000,
    });
  });

  it('signs in again when the refresh token is refused', async () => {
    const browser = signedInBrowser({ expiresAt: T0 - 1 }).reply(TOKEN_ENDPOINT, 400, { error: 'invalid_grant' });

    await expect(new CognitoSession(AWS, browser.env()).start()).rejects.toThrow('The session has expired');

    expect(browser.storage.has(STORAGE_KEYS.tokens)).toBe(false);
    expect(browser.navigations[0]).toMatch(
      /^https:\/\/dmis-audit-dev\.auth\.eu-west-1\.amazoncognito\.com\/oauth2\/authorize\?/,
    );
    expect(browser.sentOf('GetId')).toEqual([]);
  });
});

describe('CognitoSession.signOut', () => {
  it('forgets the tokens and ends the hosted UI session', async () => {
    const browser = cognitoAnswers(signedInBrowser());
    const session = new CognitoSession(AWS, browser.env());
    await session.start();

    session.signOut();

    expect(browser.storage.size).toBe(0);
    expect(browser.navigations).toEqual([
      `${AWS.cognitoDomain}/logout?client_id=${AWS.userPoolClientId}&logout_uri=${encodeURIComponent(AWS.redirectUri)}`,
    ]);
  });
});
