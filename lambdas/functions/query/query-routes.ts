import type { APIGatewayProxyResult } from 'aws-lambda';
import type { QueryServices } from '../../composition/query-services';
import { jsonResponse } from '../shared/http-response';
import type { IntegrityRouteKey, QueryRoute, QueryRouteKey } from './query-route';

const TEXT_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** The reader's search and report routes: every query route but the integrity ones. */
export function queryRoutes(query: QueryServices): Readonly<Record<Exclude<QueryRouteKey, IntegrityRouteKey>, QueryRoute>> {
  return {
    'GET /v1/events/{eventId}': async (event, caller) =>
      jsonResponse(200, await query.readEvent.execute(event.pathParameters?.eventId, caller)),
    'GET /v1/events': async (event, caller) =>
      jsonResponse(200, await query.searchEvents.execute(event.queryStringParameters, caller)),
    'GET /v1/stats': async (event, caller) =>
      jsonResponse(200, await query.getStats.execute(event.queryStringParameters, caller)),
    'GET /v1/export': async (event, caller) => {
      const result = await query.exportEvents.execute(event.queryStringParameters, caller);
      if (result.kind === 'link') return jsonResponse(200, { url: result.url, expiresAt: result.expiresAt, rows: result.rows });
      return textResponse(result.contentType, result.body, { 'x-export-rows': String(result.rows) });
    },
    'GET /v1/reports/compliance': async (event, caller) => {
      const { report, markdown } = await query.complianceReport.execute(event.queryStringParameters, caller);
      return markdown === undefined ? jsonResponse(200, report) : textResponse('text/markdown; charset=utf-8', markdown);
    },
  };
}

function textResponse(contentType: string, body: string, extra: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode: 200, headers: { ...TEXT_HEADERS, 'content-type': contentType, ...extra }, body };
}
