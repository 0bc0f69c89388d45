/**
 * The retry policy: exponential backoff with full jitter (a random wait between 0 and
 * base × 2^attempt, capped) on throttling, 5xx and network errors only. 400/401/403/409/413
 * are answers about the request itself: repeating it cannot change them.
 */
import { AuditApiError, NetworkError } from './errors';

/** How hard to retry one request. */
export interface RetryPolicy {
  /** Attempts in all, the first included. @default 5 */
  readonly maxAttempts: number;
  /** @default 50 */
  readonly baseDelayMs: number;
  /** @default 2000 */
  readonly maxDelayMs: number;
}

/** The default policy: about 1.5 s of waiting at most before giving up (or spooling). */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 2000 };

/** Lambda's and the SDK's names for throttling and passing faults. */
const RETRYABLE_SDK_ERRORS = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'ServiceException',
  'EC2ThrottledException',
  'ResourceNotReadyException',
  'TimeoutError',
]);

/** True when repeating the same request may succeed. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  if (error instanceof AuditApiError) return error.status === 429 || error.status >= 500;
  const sdk = error as { name?: unknown; $metadata?: { httpStatusCode?: number } } | null;
  const status = sdk?.$metadata?.httpStatusCode;
  if (typeof status === 'number' && (status === 429 || status >= 500)) return true;
  return typeof sdk?.name === 'string' && RETRYABLE_SDK_ERRORS.has(sdk.name);
}

/** The wait before attempt `attempt + 1` (attempt counts from 0): full jitter. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}

/** Runs `attempt` until it succeeds, fails for good, or the policy's attempts are spent. */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy, sleep: (ms: number) => Promise<void> = delay): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error) || n + 1 >= policy.maxAttempts) throw error;
      await sleep(backoffDelayMs(n, policy));
    }
  }
}

/** A plain timer wait. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
