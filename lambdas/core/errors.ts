/**
 * The domain's named errors. Each carries a stable `code`; handlers map codes to HTTP
 * status in one place (lambdas/functions/shared/http-response.ts). Messages never contain
 * caller-supplied values, so they can never echo a secret.
 */

/** One problem with a request, named by its path (e.g. `events[2].actor.userId`). */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

/** Stable error codes, a closed set. */
export type AuditErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'legal_hold'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'throttled'
  | 'unavailable';

/** Base of every error a client may see. */
export class AuditError extends Error {
  constructor(
    readonly code: AuditErrorCode,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request is invalid; nothing was stored. */
export class ValidationError extends AuditError {
  constructor(message: string, details: readonly ErrorDetail[] = []) {
    super('invalid_request', message, details);
  }
}

/** An eventId was reused with different content. */
export class ConflictError extends AuditError {
  constructor(message: string, details: readonly ErrorDetail[] = []) {
    super('conflict', message, details);
  }
}

/**
 * A legal hold applies to the data subject: their personal data may not be erased while it
 * does. The details name the hold (its id, reason and end), all from configuration.
 */
export class LegalHoldError extends AuditError {
  constructor(hold: { readonly id: string; readonly reason: string; readonly until?: string | undefined }) {
    super('legal_hold', `a legal hold (${hold.id}) applies to this subject; nothing was erased`, [
      { path: 'legalHold.id', message: hold.id },
      { path: 'legalHold.reason', message: hold.reason },
      { path: 'legalHold.until', message: hold.until ?? 'until lifted' },
    ]);
  }
}

/** The thing asked for does not exist. */
export class NotFoundError extends AuditError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** The body or one event is over its size limit. */
export class PayloadTooLargeError extends AuditError {
  constructor(message: string, details: readonly ErrorDetail[] = []) {
    super('payload_too_large', message, details);
  }
}

/** The body is not JSON. */
export class UnsupportedMediaTypeError extends AuditError {
  constructor(message: string) {
    super('unsupported_media_type', message);
  }
}

/** No credential, or one that is not valid. */
export class UnauthorizedError extends AuditError {
  constructor(message = 'a valid credential is required') {
    super('unauthorized', message);
  }
}

/** A valid credential without the role the route needs. */
export class ForbiddenError extends AuditError {
  constructor(message = 'this credential may not call this route') {
    super('forbidden', message);
  }
}

/** The store is throttling; the caller should retry with the same eventIds. */
export class ThrottledError extends AuditError {
  constructor(message = 'too many requests; retry with the same eventIds') {
    super('throttled', message);
  }
}

/**
 * The store did not answer (down, paused, unreachable, or failing on its side). Nothing
 * was acknowledged; the caller retries after `retryAfterSeconds` with the same eventIds,
 * which stores each event exactly once even if the unanswered write did land.
 */
export class UnavailableError extends AuditError {
  constructor(
    readonly retryAfterSeconds = 5,
    message = 'the audit store is unavailable; retry later with the same eventIds',
  ) {
    super('unavailable', message);
  }
}
