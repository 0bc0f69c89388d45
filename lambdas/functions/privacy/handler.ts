import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { PrivacyServices } from '../../composition/privacy';
import { routeServedBy } from '../../core/api/route-match';
import { routeKey } from '../../core/api/routes';
import { NotFoundError } from '../../core/errors';
import type { KeyExpiryResult } from '../../core/privacy/expire-keys';
import { errorResponse } from '../shared/http-response';
import { logFailure, logger } from '../shared/observability';
import { apiCallerOf } from '../shared/request';
import { privacyRoutes, type PrivacyRouteKey } from './privacy-routes';

/** The payload the daily schedule sends (an EventBridge "Scheduled Event" is accepted too). */
export const EXPIRE_KEYS_TASK = { task: 'expire-keys' } as const;

/** What the privacy function needs besides its use cases. */
export interface PrivacyHandlerDeps {
  readonly services: PrivacyServices;
  /** Who a scheduled sweep's record names (`scheduled:<function name>`). */
  readonly schedulePrincipal: string;
}

/**
 * The privacy officer's routes (personal-data reads, subject export, erasure) behind API
 * Gateway, and the daily key retention sweep on an EventBridge schedule. Thin: parse, call
 * a use case, map the result or a named error.
 */
export function createPrivacyApiHandler(services: PrivacyServices) {
  const routes = privacyRoutes(services);
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    try {
      const key = privacyRouteOf(event);
      if (!key) throw new NotFoundError('no such route');
      return await routes[key](event, apiCallerOf(event));
    } catch (error) {
      const response = errorResponse(error);
      logFailure(response.statusCode, error);
      return response;
    }
  };
}

/** The Lambda's handler: a scheduled sweep, or an API request. */
export function createPrivacyHandler(deps: PrivacyHandlerDeps) {
  const api = createPrivacyApiHandler(deps.services);
  return async (event: unknown): Promise<APIGatewayProxyResult | KeyExpiryResult> => {
    if (!isScheduledSweep(event)) return api(event as APIGatewayProxyEvent);
    const result = await deps.services.expireKeys.execute({ principal: deps.schedulePrincipal });
    logger.info('personal-data keys expired', { keysDestroyed: result.keysDestroyed, more: result.more });
    return result;
  };
}

/** True for the schedule's payload or a bare EventBridge scheduled event. */
export function isScheduledSweep(event: unknown): boolean {
  const e = (event ?? {}) as Record<string, unknown>;
  return e.task === EXPIRE_KEYS_TASK.task || (e.source === 'aws.events' && e['detail-type'] === 'Scheduled Event');
}

function privacyRouteOf(event: APIGatewayProxyEvent): PrivacyRouteKey | undefined {
  const route = routeServedBy('privacy', event);
  return route ? routeKey(route) : undefined;
}
