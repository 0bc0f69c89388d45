/**
 * The local transport: the reader token from `.local/credentials.json`, typed into the
 * sign-in form and kept in sessionStorage only (gone when the tab closes), sent as
 * `Authorization: Bearer`. The local API listens on loopback only.
 */
import { apiUrl, type ApiTransport } from './transport';

const TOKEN_KEY = 'dmis-console.reader-token';

/** The token saved by the sign-in form, if any. */
export function savedToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** Keeps the token for this tab. */
export function saveToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

/** A transport sending `token` to the API at `apiBase`. */
export function createBearerTransport(apiBase: string, token: string): ApiTransport {
  return {
    get: (path, query) =>
      fetch(apiUrl(apiBase, path, query), {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        credentials: 'omit',
        cache: 'no-store',
      }),
    signOut: () => sessionStorage.removeItem(TOKEN_KEY),
  };
}
