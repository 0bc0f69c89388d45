import type { APIGatewayProxyResult } from 'aws-lambda';
import { AuditError, type AuditErrorCode, type ErrorDetail, ThrottledError, UnavailableError } from '../../core/errors';

/** HTTP status of each error code: the one place errors become HTTP. */
export const STATUS_OF: Readonly<Record<AuditErrorCode, number>> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  legal_hold: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  throttled: 429,
  unavailable: 503,
};

/** Seconds a client should wait before retrying a 429 (the SDK has already backed off once). */
const THROTTLED_RETRY_AFTER_SECONDS = 1;

/** The JSON error body every route returns. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details: readonly ErrorDetail[] };
}

const HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
};

/** A JSON response. */
export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { ...HEADERS }, body: JSON.stringify(body) };
}

/**
 * Status and body for any thrown value. Named errors keep their code, message and
 * details (none of which carry input values); anything else becomes a bare 500 so no
 * stack, raw error or input ever reaches a client.
 */
export function describeError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AuditError) {
    return {
      status: STATUS_OF[error.code],
      body: { error: { code: error.code, message: error.message, details: error.details } },
    };
  }
  return { status: 500, body: { error: { code: 'internal_error', message: 'internal error', details: [] } } };
}

/** An error as an API Gateway response. */
export function errorResponse(error: unknown): APIGatewayProxyResult {
  const { status, body } = describeError(error);
  const response = jsonResponse(status, body);
  const retryAfter = retryAfterSecondsOf(error);
  // RFC 9110 Retry-After on 429 and 503, so a client backs off instead of hammering a recovering store.
  if (retryAfter !== undefined) response.headers = { ...response.headers, 'retry-after': String(retryAfter) };
  return response;
}

/** Seconds to wait before retrying, for the errors that are worth retrying unchanged. */
export function retryAfterSecondsOf(error: unknown): number | undefined {
  if (error instanceof UnavailableError) return error.retryAfterSeconds;
  if (error instanceof ThrottledError) return THROTTLED_RETRY_AFTER_SECONDS;
  return undefined;
}
