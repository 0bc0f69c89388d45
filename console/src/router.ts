/**
 * The hash router: `#/<page>/<rest>?<query>`. The URL holds the whole state of a page (a
 * search's filters and cursor, a report's period), so reload, back and a shared link show
 * the same thing. Hashes that do not start with `#/` (the skip link) are not routes.
 */

/** A parsed location. */
export interface Route {
  /** First path segment, e.g. `search`, `event`. */
  readonly page: string;
  /** Further segments, decoded. */
  readonly rest: readonly string[];
  readonly params: URLSearchParams;
}

/** The route of a hash, or undefined when it is not one. */
export function parseHash(hash: string): Route | undefined {
  if (!hash.startsWith('#/')) return undefined;
  const [path = '', query = ''] = hash.slice(2).split('?', 2);
  const segments = path.split('/').filter((s) => s !== '').map(safeDecode);
  return { page: segments[0] ?? '', rest: segments.slice(1), params: new URLSearchParams(query) };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The hash of a page with path segments and query values (empty ones left out). */
export function hashOf(page: string, rest: readonly string[] = [], query: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== '') params.set(key, value);
  const path = [page, ...rest].map(encodeURIComponent).join('/');
  const search = params.toString();
  return `#/${path}${search ? `?${search}` : ''}`;
}

/** The query of a route as a plain object. */
export function paramsOf(route: Route): Record<string, string> {
  return Object.fromEntries(route.params);
}
