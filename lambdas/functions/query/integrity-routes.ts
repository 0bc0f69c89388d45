import type { IntegrityServices } from '../../composition/integrity-services';
import { NotFoundError } from '../../core/errors';
import { jsonResponse } from '../shared/http-response';
import type { IntegrityRouteKey, QueryRoute } from './query-route';

/**
 * The reader's integrity routes, dispatched by the query handler beside the search
 * routes. Without integrity services (a deployment or test that has none) each answers
 * 404, as a route that does not exist.
 */
export function integrityRoutes(integrity: IntegrityServices | undefined): Readonly<Record<IntegrityRouteKey, QueryRoute>> {
  if (!integrity)
    return {
      'GET /v1/events/{eventId}/proof': noSuchRoute,
      'GET /v1/integrity': noSuchRoute,
      'GET /v1/checkpoints/latest': noSuchRoute,
      'GET /v1/checkpoints/consistency': noSuchRoute,
    };
  return {
    'GET /v1/events/{eventId}/proof': async (event, caller) =>
      jsonResponse(
        200,
        await integrity.getProof.execute(event.pathParameters?.eventId, caller, event.queryStringParameters),
      ),
    'GET /v1/integrity': async (event, caller) =>
      jsonResponse(200, await integrity.checkIntegrity.execute(event.queryStringParameters, caller)),
    'GET /v1/checkpoints/latest': async (_event, caller) => jsonResponse(200, await integrity.checkpoints.latest(caller)),
    'GET /v1/checkpoints/consistency': async (event, caller) =>
      jsonResponse(200, await integrity.checkpoints.consistency(event.queryStringParameters, caller)),
  };
}

const noSuchRoute: QueryRoute = () => Promise.reject(new NotFoundError('no such route'));
