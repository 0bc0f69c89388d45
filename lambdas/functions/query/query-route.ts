import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { HandlerRouteKey } from '../../core/api/routes';
import type { Caller } from '../../core/ports';

/** One GET route of the reader: query string in, use case, response out. */
export type QueryRoute = (event: APIGatewayProxyEvent, caller: Caller) => Promise<APIGatewayProxyResult>;

/** Every route the query function serves, from the route table. */
export type QueryRouteKey = HandlerRouteKey<'query'>;

/** The query routes that need integrity services (integrity-routes.ts); query-routes.ts serves the others. */
export type IntegrityRouteKey = Extract<
  QueryRouteKey,
  | 'GET /v1/events/{eventId}/proof'
  | 'GET /v1/integrity'
  | 'GET /v1/checkpoints/latest'
  | 'GET /v1/checkpoints/consistency'
>;
