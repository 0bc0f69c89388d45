/**
 * The one way the console reaches the API. Locally a bearer token (api/bearer.ts); on AWS
 * SigV4-signed requests with identity-pool credentials (auth/). Pages never call fetch for
 * the API themselves, so every read goes through an authenticated, audited route.
 */

/** The part of a fetch Response the console uses. */
export interface ApiResponse {
  readonly status: number;
  readonly headers?: { get(name: string): string | null };
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** An authenticated GET to the API; `path` is a route path of the route table (`/v1/events`). */
export interface ApiTransport {
  get(path: string, query?: Record<string, string>): Promise<ApiResponse>;
  signOut(): void;
}

/**
 * The URL of a route path under `apiBase` (config.json's, which ends in `/v1` like the
 * route paths start), with empty query values left out.
 */
export function apiUrl(apiBase: string, path: string, query: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== '') params.set(key, value);
  const search = params.toString();
  const root = apiBase.replace(/\/+$/, '').replace(/\/v1$/, '');
  return `${root}${path}${search ? `?${search}` : ''}`;
}
