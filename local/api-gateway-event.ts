/**
 * Turns a local HTTP request into the API Gateway REST (v1) proxy event the Lambda
 * handlers receive on AWS, so the local API runs the handlers unchanged. The caller's
 * principal goes where IAM auth puts it (`requestContext.identity.userArn`).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RouteDefinition } from '../lambdas/core/api/routes';

/** What the local front knows about one request once it has matched and authenticated it. */
export interface LocalRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string | null;
  readonly route: RouteDefinition;
  readonly pathParameters: Record<string, string>;
  /** undefined on public routes. */
  readonly principal: string | undefined;
  readonly sourceIp: string;
}

/** Headers never handed to a handler: the bearer token is a local secret, not request data. */
const WITHHELD_HEADERS = new Set(['authorization']);

/** The API Gateway REST proxy event for a local request. */
export function toApiGatewayEvent(request: LocalRequest): APIGatewayProxyEvent {
  const { headers, multiValueHeaders } = splitHeaders(request.headers);
  const query = splitQuery(request.query);
  return {
    httpMethod: request.method,
    path: request.path,
    resource: request.route.path,
    pathParameters: Object.keys(request.pathParameters).length > 0 ? { ...request.pathParameters } : null,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    headers,
    multiValueHeaders,
    body: request.body,
    isBase64Encoded: false,
    stageVariables: null,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      identity: localIdentity(request),
      path: request.path,
      stage: 'local',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: request.route.path,
    },
  };
}

function localIdentity(request: LocalRequest): APIGatewayProxyEvent['requestContext']['identity'] {
  const userAgent = request.headers['user-agent'] ?? null;
  return {
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: request.principal ?? null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: request.sourceIp,
    user: request.principal ?? null,
    userAgent,
    userArn: request.principal ?? null,
  };
}

function splitHeaders(raw: IncomingHttpHeaders) {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || WITHHELD_HEADERS.has(name)) continue;
    const values = Array.isArray(value) ? value : [value];
    // Like API Gateway: the single-value map keeps the last value of a repeated header.
    headers[name] = values.at(-1) ?? '';
    multiValueHeaders[name] = values;
  }
  return { headers, multiValueHeaders };
}

function splitQuery(query: URLSearchParams) {
  const names = [...new Set(query.keys())];
  if (names.length === 0) return { single: null, multi: null };
  // Null prototypes: a caller's `__proto__` parameter stays a key, as API Gateway passes it.
  const single = Object.create(null) as Record<string, string>;
  const multi = Object.create(null) as Record<string, string[]>;
  for (const name of names) {
    const values = query.getAll(name);
    single[name] = values.at(-1) ?? '';
    multi[name] = values;
  }
  return { single, multi };
}
