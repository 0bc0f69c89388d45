import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { AuditServices } from '../../composition/audit-services';
import { routeServedBy } from '../../core/api/route-match';
import { routeKey } from '../../core/api/routes';
import { NotFoundError } from '../../core/errors';
import { errorResponse } from '../shared/http-response';
import { apiCallerOf } from '../shared/request';
import { logFailure } from '../shared/observability';
import { integrityRoutes } from './integrity-routes';
import type { QueryRoute, QueryRouteKey } from './query-route';
import { queryRoutes } from './query-routes';

/**
 * The reader: every GET route but health. Routes by API Gateway's resource template; the
 * caller (recorded in each read's audit event) is where IAM auth puts it (shared/request.ts `apiCallerOf`).
 */
export function createQueryHandler(services: AuditServices) {
  // Typed by the route table: a query route without an entry, or an entry for no route, does not compile.
  const routes: Readonly<Record<QueryRouteKey, QueryRoute>> = {
    ...queryRoutes(services.query),
    ...integrityRoutes(services.integrity),
  };
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    try {
      const key = queryRouteOf(event);
      if (!key) throw new NotFoundError('no such route');
      return await routes[key](event, apiCallerOf(event));
    } catch (error) {
      const response = errorResponse(error);
      logFailure(response.statusCode, error);
      return response;
    }
  };
}

/** The query route an event names, by its resource template or else its concrete path. */
function queryRouteOf(event: APIGatewayProxyEvent): QueryRouteKey | undefined {
  const route = routeServedBy('query', event);
  return route ? routeKey(route) : undefined;
}
