import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { AuditServices } from '../adapters/composition';
import { errorResponse, jsonResponse } from './http-response';
import { logFailure } from './observability';

/** The reader: `GET /v1/events/{eventId}` returns the stored event exactly as hashed, plus contentHash. */
export function createQueryHandler(services: AuditServices) {
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    try {
      const stored = await services.getEvent.execute(event.pathParameters?.eventId);
      return jsonResponse(200, stored);
    } catch (error) {
      const response = errorResponse(error);
      logFailure(response.statusCode, error);
      return response;
    }
  };
}
