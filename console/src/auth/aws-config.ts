/**
 * The `aws` part of the console's config.json, written by the AuditorConsole construct
 * (lib/constructs/auditor-console.ts) at deploy time, and the browser facilities the
 * sign-in uses, injectable so tests run it in Node against a fake `fetch`.
 */

/** Cognito and API settings of a deployed console. */
export interface AwsConsoleConfig {
  /** Region of the user pool, identity pool and API. */
  readonly region: string;
  readonly userPoolId: string;
  /** The app client: public (no secret), authorization code with PKCE. */
  readonly userPoolClientId: string;
  readonly identityPoolId: string;
  /** The hosted UI's base URL, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly cognitoDomain: string;
  /** The execute-api host API Gateway checks the signature against (CloudFront forwards to it). */
  readonly apiHost: string;
  /** The API stage's path, which CloudFront prepends on the way to the API (`/prod`). */
  readonly apiStagePath: string;
  /** Where Cognito sends the browser back: the console's root URL, as registered on the app client. */
  readonly redirectUri: string;
}

/** The subset of Web Storage the sign-in uses (sessionStorage in the browser). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What the sign-in needs from the page; {@link browserEnvironment} in the browser. */
export interface AuthEnvironment {
  readonly fetch: typeof fetch;
  /** Tokens and the pending sign-in: per tab, gone when the tab closes. */
  readonly storage: KeyValueStore;
  /** The page's current URL. */
  currentUrl(): string;
  /** Leaves the page for `url` (the hosted UI). */
  navigate(url: string): void;
  /** Replaces the current URL without a reload (drops `code` and `state` after sign-in). */
  replaceUrl(url: string): void;
  /** Milliseconds since the epoch. */
  now(): number;
}

interface BrowserGlobals {
  readonly sessionStorage: KeyValueStore;
  readonly location: { readonly href: string; assign(url: string): void };
  readonly history: { replaceState(data: unknown, unused: string, url: string): void };
}

/** The real page: sessionStorage, location, history, fetch and the clock. */
export function browserEnvironment(): AuthEnvironment {
  const page = globalThis as unknown as BrowserGlobals;
  return {
    fetch: globalThis.fetch.bind(globalThis),
    storage: page.sessionStorage,
    currentUrl: () => page.location.href,
    navigate: (url) => page.location.assign(url),
    replaceUrl: (url) => page.history.replaceState(null, '', url),
    now: () => Date.now(),
  };
}
