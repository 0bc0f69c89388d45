import type { QueryServices } from '../../composition/query-services';
import { jsonResponse } from '../shared/http-response';
import { archiveJobRoutes } from './archive-job-routes';
import type { IntegrityRouteKey, QueryRoute, QueryRouteKey } from './query-route';

/** The reader's search and report routes: every query route but the integrity ones. */
export function queryRoutes(query: QueryServices): Readonly<Record<Exclude<QueryRouteKey, IntegrityRouteKey>, QueryRoute>> {
  return {
    'GET /v1/events/{eventId}': async (event, caller) =>
      jsonResponse(200, await query.readEvent.execute(event.pathParameters?.eventId, caller)),
    // Search, stats, export and report may reach the archive: a read that outruns the budget becomes a job.
    ...archiveJobRoutes(query),
  };
}
