/**
 * Typed errors: one class per API error code (the codes come from the generated
 * API_ERROR_STATUS), each carrying the server's field paths, plus the client's own
 * failures (network, full outbox).
 */
import type { ApiErrorCode } from './event-types';

/** One bad field, as the server names it (`events[3].actor.ip`). */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

/** Base of every error the client throws. */
export class AuditClientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The API answered with an error. */
export class AuditApiError extends AuditClientError {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | 'unknown',
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
  }
}

/** 400: a field is invalid; `details` names every one. Nothing was stored. */
export class InvalidRequestError extends AuditApiError {}
/** 401: no or bad credential. */
export class UnauthorizedError extends AuditApiError {}
/** 403: the credential's role may not write. */
export class ForbiddenError extends AuditApiError {}
/** 404. */
export class NotFoundError extends AuditApiError {}
/** 409: an eventId already stored with different content. Nothing was stored. */
export class ConflictError extends AuditApiError {}
/** 409: a legal hold applies to the data subject; nothing was erased (privacy role only). */
export class LegalHoldError extends AuditApiError {}
/** 413: the body or one event is too large. */
export class PayloadTooLargeError extends AuditApiError {}
/** 415. */
export class UnsupportedMediaTypeError extends AuditApiError {}
/** 429: the store is throttling; retried. */
export class ThrottledError extends AuditApiError {}
/** 5xx: the API or its store did not answer; retried. */
export class UnavailableError extends AuditApiError {}

const CLASS_OF: Readonly<Record<ApiErrorCode, typeof AuditApiError>> = {
  invalid_request: InvalidRequestError,
  unauthorized: UnauthorizedError,
  forbidden: ForbiddenError,
  not_found: NotFoundError,
  conflict: ConflictError,
  legal_hold: LegalHoldError,
  payload_too_large: PayloadTooLargeError,
  unsupported_media_type: UnsupportedMediaTypeError,
  throttled: ThrottledError,
  unavailable: UnavailableError,
};

/** The typed error for an API answer (`{"error": {code, message, details}}`), or by status when the body is not the API's. */
export function apiErrorFrom(status: number, body: unknown): AuditApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' && Object.hasOwn(CLASS_OF, error.code) ? (error.code as ApiErrorCode) : undefined;
  const message = typeof error?.message === 'string' ? error.message : `the API answered HTTP ${status}`;
  const details = Array.isArray(error?.details) ? (error.details as ErrorDetail[]) : [];
  const Class = code ? CLASS_OF[code] : status >= 500 ? UnavailableError : status === 429 ? ThrottledError : AuditApiError;
  return new Class(status, code ?? (status >= 500 ? 'unavailable' : status === 429 ? 'throttled' : 'unknown'), message, details);
}

/** The request never got an answer: refused, reset, timed out. Retried. */
export class NetworkError extends AuditClientError {}

/** The outbox is at its bound: the event was NOT queued and must be handled by the caller. */
export class OutboxFullError extends AuditClientError {
  constructor(
    readonly pendingEvents: number,
    readonly pendingBytes: number,
  ) {
    super(`the audit outbox is full (${pendingEvents} events, ${pendingBytes} bytes pending): the event was not recorded`);
  }
}
