import type { IntegrityServices } from '../../composition/integrity-services';
import { jsonResponse } from '../shared/http-response';
import type { QueryRoute } from './query-routes';

/**
 * The reader's integrity routes, dispatched by the query handler beside the search
 * routes. Without integrity services (a deployment or test that has none) there are no
 * such routes, and the handler answers 404.
 */
export function integrityRoutes(integrity: IntegrityServices | undefined): Readonly<Record<string, QueryRoute>> {
  if (!integrity) return {};
  return {
    'GET /v1/events/{eventId}/proof': async (event, caller) =>
      jsonResponse(200, await integrity.getProof.execute(event.pathParameters?.eventId, caller)),
    'GET /v1/integrity': async (event, caller) =>
      jsonResponse(200, await integrity.checkIntegrity.execute(event.queryStringParameters, caller)),
  };
}
