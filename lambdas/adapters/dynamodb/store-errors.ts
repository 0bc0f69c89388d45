/**
 * What a failed DynamoDB call means for a caller, decided in one place for every DynamoDB
 * adapter: throttling the SDK could not retry away is a 429; a store that does not answer
 * (refused or reset connection, timeout, a 5xx from DynamoDB) is a 503 with Retry-After.
 * Anything else (a bug, a bad request to DynamoDB) stays as it is and becomes a bare 500.
 */
import { ThrottledError, UnavailableError } from '../../core/errors';

const THROTTLE_NAMES = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

/** Error names of the SDK and smithy for a request that got no usable answer. */
const UNAVAILABLE_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

/** Node's socket error codes for a peer that is down, paused past its timeout, or gone mid-answer. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

const NETWORK_CODE_IN_TEXT = new RegExp(`\\b(${[...NETWORK_CODES].join('|')})\\b`);

/** How long a client should wait before retrying against a store that did not answer. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/** The named error a DynamoDB failure stands for, or the error itself when it is not a store outage. */
export function translateStoreError(error: unknown): unknown {
  // Duck-typed, not `instanceof Error`: socket errors come from Node's own realm, which
  // differs from the caller's under a VM sandbox (Jest), and would slip through as a 500.
  if (typeof error !== 'object' || error === null) return error;
  if (THROTTLE_NAMES.has(String((error as { name?: unknown }).name))) return new ThrottledError();
  return isUnavailable(error) ? new UnavailableError(STORE_RETRY_AFTER_SECONDS) : error;
}

/** True when the store gave no usable answer: worth the same request again later. */
export function isUnavailable(error: object): boolean {
  const { name, code, message, $metadata } = error as { name?: unknown; code?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  if (UNAVAILABLE_NAMES.has(String(name)) || NETWORK_CODES.has(String(code))) return true;
  // The SDK's retry layer re-wraps an error it does not recognise as one (another realm's)
  // into "AWS SDK error wrapper for Error: connect ECONNREFUSED ...": only the text is left.
  if (typeof message === 'string' && NETWORK_CODE_IN_TEXT.test(message)) return true;
  // A 5xx is DynamoDB's own failure; the SDK has retried it already.
  return ($metadata?.httpStatusCode ?? 0) >= 500;
}
