import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { IngestServices } from '../../composition/ingest-services';
import type { AcceptedEvent } from '../../core/ingest-events';
import { readJsonBody } from '../shared/request';
import { describeError, type ErrorBody, errorResponse, jsonResponse } from '../shared/http-response';
import { logFailure, logger } from '../shared/observability';

/** A direct `lambda:Invoke` payload: exactly the HTTP body (one event, or `{"events": [...]}`). */
export type DirectIngestPayload = Record<string, unknown>;

/** A direct invoke's result: the HTTP status and body, merged. */
export type DirectIngestResult =
  | { readonly status: 201; readonly accepted: readonly AcceptedEvent[] }
  | ({ readonly status: number } & ErrorBody);

/** Principal recorded as `source` for direct invokes; Lambda does not tell us the caller. */
export const DIRECT_INVOKE_PRINCIPAL = 'lambda-invoke';

/** True for an API Gateway REST proxy event (an audit event never has these fields). */
export function isApiGatewayEvent(event: unknown): event is APIGatewayProxyEvent {
  const e = event as Partial<APIGatewayProxyEvent> | null;
  return typeof e?.httpMethod === 'string' && typeof e.requestContext === 'object';
}

/** The writer: `POST /v1/events` through API Gateway, or the same payload by direct invoke. */
export function createIngestHandler(services: Pick<IngestServices, 'ingestEvents'>) {
  async function fromApi(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    try {
      const principal = event.requestContext.identity?.userArn;
      const body = readJsonBody(event);
      const accepted = await services.ingestEvents.execute(body, { principal: principal ?? 'unknown' });
      logger.info('events accepted', { count: accepted.length, duplicates: accepted.filter((a) => a.duplicate).length });
      return jsonResponse(201, { accepted });
    } catch (error) {
      const response = errorResponse(error);
      logFailure(response.statusCode, error);
      return response;
    }
  }

  async function fromInvoke(payload: DirectIngestPayload): Promise<DirectIngestResult> {
    try {
      const accepted = await services.ingestEvents.execute(payload, { principal: DIRECT_INVOKE_PRINCIPAL });
      return { status: 201, accepted };
    } catch (error) {
      const { status, body } = describeError(error);
      logFailure(status, error);
      return { status, ...body };
    }
  }

  return (event: APIGatewayProxyEvent | DirectIngestPayload) =>
    isApiGatewayEvent(event) ? fromApi(event) : fromInvoke(event as DirectIngestPayload);
}
