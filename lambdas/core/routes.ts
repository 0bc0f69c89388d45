/**
 * The API's routes and the role each needs: one definition, used by the CDK app (IAM
 * grants per route, API resources) and by the local HTTP front (role check).
 */

/** The two caller roles. `none` marks public routes (health, OpenAPI). */
export type ApiRole = 'writer' | 'reader' | 'none';

/** HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST';

/** Which Lambda handler serves a route. */
export type RouteHandler = 'ingest' | 'query' | 'alarms' | 'health';

/** One API route. `path` uses API Gateway's `{param}` syntax, relative to the stage. */
export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  readonly role: ApiRole;
  readonly handler: RouteHandler;
}

export const API_BASE_PATH = '/v1';

export const ROUTES: readonly RouteDefinition[] = [
  { method: 'POST', path: '/v1/events', role: 'writer', handler: 'ingest' },
  { method: 'GET', path: '/v1/events/{eventId}', role: 'reader', handler: 'query' },
  { method: 'GET', path: '/v1/events', role: 'reader', handler: 'query' },
  { method: 'GET', path: '/v1/stats', role: 'reader', handler: 'query' },
  { method: 'GET', path: '/v1/export', role: 'reader', handler: 'query' },
  { method: 'GET', path: '/v1/reports/compliance', role: 'reader', handler: 'query' },
  { method: 'GET', path: '/v1/events/{eventId}/proof', role: 'reader', handler: 'query' },
  { method: 'GET', path: '/v1/integrity', role: 'reader', handler: 'query' },
  { method: 'GET', path: '/v1/openapi.json', role: 'none', handler: 'query' },
  { method: 'GET', path: '/v1/alarms', role: 'reader', handler: 'alarms' },
  { method: 'GET', path: '/v1/health', role: 'none', handler: 'health' },
];

/** Finds the route for a method and concrete path, with its path parameters. */
export function matchRoute(
  method: string,
  path: string,
): { route: RouteDefinition; pathParameters: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const params = matchPath(route.path, path);
    if (params) return { route, pathParameters: params };
  }
  return undefined;
}

function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/');
  const got = path.replace(/\/+$/, '').split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith('{') && w.endsWith('}')) {
      if (g === '') return undefined;
      params[w.slice(1, -1)] = decodeURIComponent(g);
    } else if (w !== g) return undefined;
  }
  return params;
}
