/**
 * The webhook signature: `X-DMIS-Timestamp: <Unix seconds>` and
 * `X-DMIS-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. Signing the
 * timestamp with the body lets a receiver refuse a replayed request: it accepts a timestamp
 * only within `toleranceSeconds` of its own clock (5 minutes by default) and compares the
 * signature in constant time. A signature header may list several `v1=` values, comma-
 * separated (a sender rotating its secret); one matching value is enough.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-DMIS-Timestamp';
export const SIGNATURE_HEADER = 'X-DMIS-Signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Why a request was refused. */
export type WebhookRejection = 'missing timestamp' | 'missing signature' | 'malformed timestamp' | 'stale timestamp' | 'future timestamp' | 'bad signature';
export type WebhookVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: WebhookRejection };

/** Headers as node:http gives them (lower-case names) or any other casing, or a fetch `Headers`. */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** The two headers that sign `body`, sent at `timestampSeconds`. */
export function signWebhook(secret: string, timestampSeconds: number, body: string): Record<string, string> {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) throw new RangeError('timestampSeconds must be a non-negative integer');
  const timestamp = String(timestampSeconds);
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `v1=${hmacHex(secret, timestamp, body)}` };
}

/** Checks a received request's signature and freshness against the receiver's clock. */
export function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  body: string,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): WebhookVerdict {
  const timestamp = header(headers, TIMESTAMP_HEADER);
  const signature = header(headers, SIGNATURE_HEADER);
  if (timestamp === undefined) return reject('missing timestamp');
  if (signature === undefined) return reject('missing signature');
  if (!/^\d{1,12}$/.test(timestamp)) return reject('malformed timestamp');
  const age = nowSeconds - Number(timestamp);
  if (age > toleranceSeconds) return reject('stale timestamp');
  if (age < -toleranceSeconds) return reject('future timestamp');
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  const matches = signature
    .split(',')
    .map((part) => /^\s*v1=([0-9a-f]{64})\s*$/.exec(part)?.[1])
    .some((hex) => hex !== undefined && timingSafeEqual(Buffer.from(hex, 'hex'), expected));
  return matches ? { ok: true } : reject('bad signature');
}

function hmacHex(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value.join(',');
  }
  return undefined;
}

function reject(reason: WebhookRejection): WebhookVerdict {
  return { ok: false, reason };
}
