/**
 * The local API: a node:http front that does what API Gateway and IAM do on AWS (route
 * match, authentication, role check, body limit) and then calls the same Lambda handlers
 * with API Gateway REST proxy events. Listens on loopback only: tokens travel in clear.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { AuditError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../lambdas/core/errors';
import { matchRoute } from '../lambdas/core/api/route-match';
import { buildOpenApiDocument } from '../lambdas/core/api/openapi';
import { rolesAllowed, type LambdaRouteHandler, type PersonalDataGrants, type RouteDefinition } from '../lambdas/core/api/routes';
import { errorResponse, jsonResponse } from '../lambdas/functions/shared/http-response';
import { toApiGatewayEvent } from './api-gateway-event';
import { ClientGoneError, readBody } from './http-body';
import { answerClientError } from './http-client-errors';
import type { LocalCaller } from './credentials';
import { isSigV4Authorization, type SignedRequest } from './sigv4-auth';

/** A Lambda handler as API Gateway calls it. */
export type ApiHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/**
 * One handler per route kind; health and the OpenAPI document are answered by the front
 * itself (API Gateway mocks on AWS). Without a privacy handler its routes answer 404.
 */
export type ApiHandlers = Readonly<Record<Exclude<LambdaRouteHandler, 'privacy'>, ApiHandler>> & { readonly privacy?: ApiHandler };

/** What the local API needs. */
export interface LocalApiOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  readonly authenticate: (authorization: string | undefined) => LocalCaller | undefined;
  /** Verifies a SigV4-signed request (local/sigv4-auth.ts); without it, SigV4 requests are refused. */
  readonly verifySigV4?: (request: SignedRequest) => Promise<LocalCaller>;
  readonly handlers: ApiHandlers;
  /** Static pages outside /v1 (the auditor console, local/console.ts): a result for its paths, undefined for others. */
  readonly site?: (method: string, path: string) => Promise<APIGatewayProxyResult> | undefined;
  /** Who besides the privacy role may read personal data (`.local/privacy.json`). @default the privacy role only */
  readonly personalDataGrants?: PersonalDataGrants;
}

/** A listening local API. */
export interface LocalApi {
  /** e.g. `http://127.0.0.1:3000` (no trailing slash; routes start with /v1). */
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts the local API and resolves once it listens. */
export async function startLocalApi(options: LocalApiOptions): Promise<LocalApi> {
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
    // serve() answers every request itself; this only catches a failed write to a closed socket.
    serve(req, res, options).catch((error: unknown) => console.error('local API: could not answer', error));
  });
  server.on('clientError', answerClientError);
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port, host);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return { url: `http://${host}:${port}`, stop: () => close(server) };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} on ${host} is in use; set PORT to another port`) : error);
    });
    server.listen(port, host, () => resolve());
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive connections would otherwise hold close() open for seconds.
    server.closeAllConnections();
  });
}

async function serve(req: IncomingMessage, res: ServerResponse, options: LocalApiOptions): Promise<void> {
  let result: APIGatewayProxyResult;
  try {
    result = await route(req, options);
  } catch (error) {
    if (error instanceof ClientGoneError) return;
    // Named errors map to their status; anything else is a bare 500 with no detail.
    if (!(error instanceof AuditError)) console.error('local API: request failed', error);
    result = errorResponse(error);
  }
  writeResult(req, res, result);
}

async function route(req: IncomingMessage, options: LocalApiOptions): Promise<APIGatewayProxyResult> {
  const url = new URL(req.url ?? '/', 'http://local');
  const method = req.method ?? 'GET';
  const page = options.site?.(method, url.pathname);
  if (page) return page;
  const matched = matchPath(method, url.pathname);
  if (matched.route.handler === 'health') return jsonResponse(200, { status: 'ok' });
  if (matched.route.handler === 'openapi') return jsonResponse(200, buildOpenApiDocument());
  const handler = options.handlers[matched.route.handler];
  if (!handler) throw new NotFoundError('no such route');
  const { caller, body } = await authenticateAndRead(req, matched.route, options);
  const event = toApiGatewayEvent({
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    route: matched.route,
    pathParameters: matched.pathParameters,
    principal: caller?.principal,
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
  });
  return handler(event);
}

function matchPath(method: string, path: string): NonNullable<ReturnType<typeof matchRoute>> {
  let matched: ReturnType<typeof matchRoute>;
  try {
    matched = matchRoute(method, path);
  } catch {
    // A malformed %-escape in a path parameter.
    throw new ValidationError('the path is not valid', [{ path: 'path', message: 'malformed percent-encoding' }]);
  }
  if (!matched) throw new NotFoundError('no such route');
  return matched;
}

/** The caller, if the route is public or the credential carries the route's role. */
function authorize(route: RouteDefinition, authorization: string | undefined, options: LocalApiOptions): LocalCaller | undefined {
  if (route.role === 'none') return undefined;
  const caller = options.authenticate(authorization);
  if (!caller) throw new UnauthorizedError();
  checkRole(route, caller, options);
  return caller;
}

/** Like IAM's per-route grants: the route's role, or the reader on personal-data routes when granted. */
function checkRole(route: RouteDefinition, caller: LocalCaller, options: LocalApiOptions): void {
  const allowed = rolesAllowed(route, options.personalDataGrants ?? { auditorsReadPersonalData: false });
  if (!allowed.includes(caller.role)) throw new ForbiddenError(`this route needs the ${route.role} role`);
}

/**
 * The caller and the body. A bearer token is checked before the body is read; a SigV4
 * signature covers the body, so that body is read (bounded) first.
 */
async function authenticateAndRead(req: IncomingMessage, route: RouteDefinition, options: LocalApiOptions) {
  const { verifySigV4 } = options;
  if (route.role === 'none' || !verifySigV4 || !isSigV4Authorization(req.headers.authorization)) {
    const caller = authorize(route, req.headers.authorization, options);
    return { caller, body: await readBody(req) };
  }
  const body = await readBody(req);
  const caller = await verifySigV4({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
  checkRole(route, caller, options);
  return { caller, body };
}

function writeResult(req: IncomingMessage, res: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name.toLowerCase()] = values.map(String);
  // A request body we stopped reading must not be parsed as the next request: close.
  if (!req.complete) headers.connection = 'close';
  res.writeHead(result.statusCode, headers);
  res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}
