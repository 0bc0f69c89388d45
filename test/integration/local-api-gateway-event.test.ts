import { describe, expect, it } from '@jest/globals';
import { toApiGatewayEvent, type LocalRequest } from '../../local/api-gateway-event';
import { matchRoute } from '../../lambdas/core/api/route-match';

function aRequest(overrides: Partial<LocalRequest> = {}): LocalRequest {
  const matched = matchRoute('GET', '/v1/events/e-1');
  if (!matched) throw new Error('route table lost GET /v1/events/{eventId}');
  return {
    method: 'GET',
    path: '/v1/events/e-1',
    query: new URLSearchParams(),
    headers: { 'content-type': 'application/json', authorization: 'Bearer secret-token-value' },
    body: null,
    route: matched.route,
    pathParameters: matched.pathParameters,
    principal: 'local:reader',
    sourceIp: '127.0.0.1',
    ...overrides,
  };
}

describe('local request to API Gateway proxy event', () => {
  it('puts the principal where IAM auth puts it', () => {
    const event = toApiGatewayEvent(aRequest());
    expect(event.requestContext.identity.userArn).toBe('local:reader');
  });

  it('names the route template as resource and fills path parameters', () => {
    const event = toApiGatewayEvent(aRequest());
    expect({ resource: event.resource, path: event.path, params: event.pathParameters }).toEqual({
      resource: '/v1/events/{eventId}',
      path: '/v1/events/e-1',
      params: { eventId: 'e-1' },
    });
  });

  it('never hands the bearer token to the handler', () => {
    const event = toApiGatewayEvent(aRequest());
    expect(JSON.stringify(event)).not.toContain('secret-token-value');
  });

  it('maps repeated query parameters like API Gateway', () => {
    const event = toApiGatewayEvent(aRequest({ query: new URLSearchParams('a=1&a=2&b=x') }));
    expect([event.queryStringParameters, event.multiValueQueryStringParameters]).toEqual([
      { a: '2', b: 'x' },
      { a: ['1', '2'], b: ['x'] },
    ]);
  });

  it('keeps a query parameter named __proto__ as a key, as API Gateway does', () => {
    const event = toApiGatewayEvent(aRequest({ query: new URLSearchParams('__proto__=x') }));
    expect(Object.keys(event.queryStringParameters ?? {})).toEqual(['__proto__']);
  });

  it('sends null, not empty maps, when there is no query or path parameter', () => {
    const event = toApiGatewayEvent(aRequest({ pathParameters: {} }));
    expect([event.queryStringParameters, event.pathParameters, event.isBase64Encoded]).toEqual([null, null, false]);
  });
});
