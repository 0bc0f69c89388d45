import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { PrivacyServices } from '../../composition/privacy';
import type { HandlerRouteKey } from '../../core/api/routes';
import type { Caller } from '../../core/ports';
import { jsonResponse } from '../shared/http-response';
import { readJsonBody } from '../shared/request';

/** One route of the privacy function. */
export type PrivacyRoute = (event: APIGatewayProxyEvent, caller: Caller) => Promise<APIGatewayProxyResult>;

/** Every route the privacy function serves, from the route table. */
export type PrivacyRouteKey = HandlerRouteKey<'privacy'>;

const CSV_HEADERS = {
  'content-type': 'text/csv; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-disposition': 'attachment; filename="subject-export.csv"',
};

/** The dispatch table: typed by the route table, so a privacy route without an entry does not compile. */
export function privacyRoutes(services: PrivacyServices): Readonly<Record<PrivacyRouteKey, PrivacyRoute>> {
  return {
    'GET /v1/events/{eventId}/personal-data': async (event, caller) =>
      jsonResponse(200, await services.readPersonalData.execute(event.pathParameters?.eventId, caller)),
    'GET /v1/subjects/{subjectId}/export': async (event, caller) => {
      const result = await services.exportSubject.execute(event.pathParameters?.subjectId, event.queryStringParameters, caller);
      if (result.format === 'json') return jsonResponse(200, result.body);
      return { statusCode: 200, headers: { ...CSV_HEADERS, 'x-export-rows': String(result.rows) }, body: result.body };
    },
    'POST /v1/subjects/{subjectId}/erasure': async (event, caller) =>
      jsonResponse(200, await services.eraseSubject.execute(event.pathParameters?.subjectId, readJsonBody(event), caller)),
  };
}
