/**
 * OAuth 2.0 PKCE (RFC 7636, method S256) and the `state` value that ties a sign-in
 * redirect to the tab that started it, both from WebCrypto's random source.
 */

/** What a sign-in keeps until Cognito redirects back. */
export interface PendingSignIn {
  /** The PKCE code verifier: 43 base64url characters (32 random bytes). */
  readonly verifier: string;
  /** Sent to the authorize endpoint and required back unchanged (CSRF on the redirect). */
  readonly state: string;
}

/** A fresh verifier and state. */
export function newPendingSignIn(): PendingSignIn {
  return { verifier: randomBase64Url(32), state: randomBase64Url(16) };
}

/** `BASE64URL(SHA-256(verifier))`, the S256 code challenge. */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function randomBase64Url(bytes: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Base64url without padding (RFC 4648 §5). */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
