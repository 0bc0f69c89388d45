import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { AuditServices } from '../../composition/audit-services';
import { NotFoundError } from '../../core/errors';
import { matchRoute } from '../../core/routes';
import { errorResponse } from '../shared/http-response';
import { logFailure } from '../shared/observability';
import { integrityRoutes } from './integrity-routes';
import { queryRoutes } from './query-routes';

/**
 * The reader: every GET route but health. Routes by API Gateway's resource template; the
 * caller's principal (recorded in each read's audit event) is where IAM auth puts it.
 */
export function createQueryHandler(services: AuditServices) {
  const routes = { ...queryRoutes(services.query), ...integrityRoutes(services.integrity) };
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    try {
      const route = routes[`${event.httpMethod} ${event.resource}`] ?? routes[`${event.httpMethod} ${templateOf(event)}`];
      if (!route) throw new NotFoundError('no such route');
      return await route(event, { principal: event.requestContext.identity?.userArn ?? 'unknown' });
    } catch (error) {
      const response = errorResponse(error);
      logFailure(response.statusCode, error);
      return response;
    }
  };
}

// Test events and some proxies carry the concrete path as `resource`; match it to its template.
function templateOf(event: APIGatewayProxyEvent): string | undefined {
  try {
    return matchRoute(event.httpMethod, event.path)?.route.path;
  } catch {
    return undefined;
  }
}
