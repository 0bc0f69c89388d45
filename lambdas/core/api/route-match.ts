import { ROUTES, routeKey, type Route, type RouteHandler, type RouteKey } from './routes';

/**
 * Finding a route in the table: by API Gateway's `METHOD resource` (the template), or by
 * a concrete path, as the local front and proxies that send the path as resource need.
 */

// A Map, not an object: the key comes from the request.
const BY_KEY: ReadonlyMap<string, Route> = new Map(ROUTES.map((route) => [routeKey(route), route]));

/** The route whose method and path template are these, e.g. API Gateway's `httpMethod` and `resource`. */
export function findRoute(method: string, template: string): Route | undefined {
  return BY_KEY.get(`${method} ${template}`);
}

/**
 * Finds the route for a method and concrete path, with its (decoded) path parameters.
 * Throws URIError on a malformed %-escape in a parameter.
 */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; pathParameters: Record<string, string> } | undefined {
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

/**
 * The route of `handler` a request names: by its resource template, or else by its
 * concrete path (test events and some proxies carry the concrete path as `resource`).
 * Undefined when the request names no route of that handler, or a malformed path.
 */
export function routeServedBy<H extends RouteHandler>(
  handler: H,
  request: { readonly httpMethod: string; readonly resource: string; readonly path: string },
): Extract<Route, { readonly handler: H }> | undefined {
  const served = (route: Route | undefined): route is Extract<Route, { readonly handler: H }> => route?.handler === handler;
  const byResource = findRoute(request.httpMethod, request.resource);
  if (served(byResource)) return byResource;
  try {
    const byPath = matchRoute(request.httpMethod, request.path)?.route;
    return served(byPath) ? byPath : undefined;
  } catch {
    return undefined;
  }
}

/** The names of a path template's `{param}`s, in order. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}

type ParamNames<P extends string> = P extends `${string}{${infer N}}${infer Rest}` ? N | ParamNames<Rest> : never;
type ParamsOf<K extends RouteKey> = K extends `${string} ${infer P}` ? ParamNames<P> : never;

/**
 * The concrete path of a route, its parameters filled in and escaped: how a client names
 * a route, so a renamed or removed route fails to compile there too.
 */
export function pathOf<K extends RouteKey>(
  key: K,
  ...[params]: [ParamsOf<K>] extends [never] ? [] : [Readonly<Record<ParamsOf<K>, string>>]
): string {
  const values: Readonly<Record<string, string>> = params ?? {};
  return key.slice(key.indexOf(' ') + 1).replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}
