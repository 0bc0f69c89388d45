/** The route table drives the query handler's dispatch; these guard what the types cannot show at run time. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from '@jest/globals';
import type { AuditServices } from '../../../lambdas/composition/audit-services';
import type { QueryServices } from '../../../lambdas/composition/query-services';
import { pathOf, pathParameterNames } from '../../../lambdas/core/api/route-match';
import { ROUTES, routeKey, type RouteRequest } from '../../../lambdas/core/api/routes';
import { createQueryHandler } from '../../../lambdas/functions/query/handler';
import { integrityRoutes } from '../../../lambdas/functions/query/integrity-routes';
import { queryRoutes } from '../../../lambdas/functions/query/query-routes';

const READ_EVENT_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** Query services whose only use case answers GET /v1/events/{eventId} with the id it was given. */
const servicesReading = (): AuditServices =>
  ({ query: { readEvent: { execute: async (eventId: string) => ({ eventId }) } }, integrity: undefined }) as unknown as AuditServices;

const apiEvent = (resource: string, path: string, pathParameters: Record<string, string> | null = null): APIGatewayProxyEvent =>
  ({ httpMethod: 'GET', resource, path, pathParameters, queryStringParameters: null, requestContext: { identity: { userArn: 'arn:reader' } } }) as unknown as APIGatewayProxyEvent;

describe('route table', () => {
  it('gives the query handler an entry for exactly the query routes', () => {
    const served = Object.keys({ ...queryRoutes({} as QueryServices), ...integrityRoutes(undefined) }).sort();
    expect(served).toEqual(ROUTES.filter((r) => r.handler === 'query').map(routeKey).sort());
  });

  it('names each path parameter of a route in its path-parameter schema', () => {
    const mismatched = ROUTES.filter((route) => {
      const request: RouteRequest = 'request' in route ? route.request : {};
      return JSON.stringify(Object.keys(request.path?._zod.def.shape ?? {})) !== JSON.stringify(pathParameterNames(route.path));
    });
    expect(mismatched.map(routeKey)).toEqual([]);
  });

  it('gives clients the concrete path of a route, parameters escaped', () => {
    expect([pathOf('GET /v1/stats'), pathOf('GET /v1/events/{eventId}/proof', { eventId: 'a/b c' })])
      .toEqual(['/v1/stats', '/v1/events/a%2Fb%20c/proof']);
  });
});

describe('query handler dispatch', () => {
  it('routes by the resource template', async () => {
    const response = await createQueryHandler(servicesReading())(apiEvent('/v1/events/{eventId}', `/v1/events/${READ_EVENT_ID}`, { eventId: READ_EVENT_ID }));
    expect({ status: response.statusCode, body: JSON.parse(response.body) }).toEqual({ status: 200, body: { eventId: READ_EVENT_ID } });
  });

  it('routes an event whose resource is the concrete path', async () => {
    const path = `/v1/events/${READ_EVENT_ID}`;
    const response = await createQueryHandler(servicesReading())(apiEvent(path, path, { eventId: READ_EVENT_ID }));
    expect(response.statusCode).toBe(200);
  });

  it.each([
    ['a route of another function', '/v1/alarms'],
    ['an unknown path', '/v1/nowhere'],
    ['an integrity route without integrity services', '/v1/integrity'],
  ])('answers %s with 404', async (_what, path) => {
    const response = await createQueryHandler(servicesReading())(apiEvent(path, path));
    expect({ status: response.statusCode, code: JSON.parse(response.body).error.code }).toEqual({ status: 404, code: 'not_found' });
  });
});
