import type { APIGatewayProxyResult } from 'aws-lambda';
import type { PeriodQueryServices } from '../../composition/query-services';
import type { ArchiveJobRoute } from '../../core/query/archive-jobs';
import type { Caller } from '../../core/ports';
import { jsonResponse } from '../shared/http-response';

/** One route that walks a period: query-string parameters in, response out. */
export type PeriodRoute = (params: Readonly<Record<string, string>>, caller: Caller) => Promise<APIGatewayProxyResult>;

const TEXT_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/**
 * The search and report routes, over use cases that may read the archive: served as they
 * are by a first request, and by the jobs route with the use cases pinned to a job.
 */
export function periodRoutes(query: PeriodQueryServices): Readonly<Record<ArchiveJobRoute, PeriodRoute>> {
  return {
    'GET /v1/events': async (params, caller) => jsonResponse(200, await query.searchEvents.execute(params, caller)),
    'GET /v1/stats': async (params, caller) => jsonResponse(200, await query.getStats.execute(params, caller)),
    'GET /v1/export': async (params, caller) => {
      const result = await query.exportEvents.execute(params, caller);
      if (result.kind === 'link') return jsonResponse(200, { url: result.url, expiresAt: result.expiresAt, rows: result.rows });
      return textResponse(result.contentType, result.body, { 'x-export-rows': String(result.rows) });
    },
    'GET /v1/reports/compliance': async (params, caller) => {
      const { report, markdown } = await query.complianceReport.execute(params, caller);
      return markdown === undefined ? jsonResponse(200, report) : textResponse('text/markdown; charset=utf-8', markdown);
    },
  };
}

function textResponse(contentType: string, body: string, extra: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode: 200, headers: { ...TEXT_HEADERS, 'content-type': contentType, ...extra }, body };
}
