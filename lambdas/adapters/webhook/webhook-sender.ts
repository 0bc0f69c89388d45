/**
 * Webhook delivery: one POST per batch, a JSON array of the batch's records (objects for
 * json and OCSF, strings for CEF), signed with HMAC-SHA256 (X-DMIS-Timestamp,
 * X-DMIS-Signature: v1=...; see webhook-signature.ts). A non-2xx answer or a network error
 * is retried with exponential backoff within a bounded time; then the send fails with a
 * SiemDeliveryError that names the status, never the secret or the response body.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SiemFormat } from '../../core/siem/destinations';
import { SiemDeliveryError, type SiemRecord, type SiemSender } from '../../core/siem/ports';
import { signWebhook } from '../../core/siem/webhook-signature';
import { assertWebhookUrl } from './webhook-endpoint';

/** Where and how to post. */
export interface WebhookSenderOptions {
  readonly destination: string;
  readonly url: string;
  readonly format: SiemFormat;
  /** The HMAC key shared with the receiver. */
  readonly secret: string;
  /** Trusted CA (PEM) for an https receiver with a private CA; default: the system's CAs. */
  readonly caPem?: string;
  /** Per request. @default 5000 */
  readonly requestTimeoutMs?: number;
  /** Retries stop once this much time has passed since the first attempt. @default 15000 */
  readonly maxElapsedMs?: number;
  /** @default 200 */
  readonly initialBackoffMs?: number;
  readonly now?: () => number;
}

/** Posts signed batches to one webhook. */
export class WebhookSender implements SiemSender {
  readonly destination: string;
  private readonly url: URL;
  private readonly now: () => number;

  constructor(private readonly options: WebhookSenderOptions) {
    this.destination = options.destination;
    this.url = assertWebhookUrl(options.destination, options.url);
    this.now = options.now ?? Date.now;
  }

  async send(records: readonly SiemRecord[]): Promise<void> {
    if (records.length === 0) return;
    const body = batchBody(this.options.format, records);
    const started = this.now();
    const deadline = started + (this.options.maxElapsedMs ?? 15_000);
    let backoff = this.options.initialBackoffMs ?? 200;
    for (;;) {
      const outcome = await this.post(body);
      if (outcome === 'delivered') return;
      const waitMs = Math.min(backoff, 2000);
      if (this.now() + waitMs >= deadline) {
        throw new SiemDeliveryError(this.destination, `not delivered within ${deadline - started} ms (last: ${outcome})`);
      }
      await sleep(waitMs);
      backoff *= 2;
    }
  }

  async close(): Promise<void> {}

  /** One signed attempt: 'delivered', or why not. */
  private async post(body: string): Promise<string> {
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      ...signWebhook(this.options.secret, Math.floor(this.now() / 1000), body),
    };
    const request = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      const req = request(this.url, {
        method: 'POST',
        headers,
        timeout: this.options.requestTimeoutMs ?? 5000,
        ...(this.options.caPem ? { ca: this.options.caPem } : {}),
      });
      req.once('response', (res: IncomingMessage) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve(status >= 200 && status < 300 ? 'delivered' : `HTTP ${status}`);
      });
      req.once('timeout', () => req.destroy(new Error('request timed out')));
      req.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.end(body);
    });
  }
}

/** The batch as one JSON array: records that are JSON text become objects, CEF lines strings. */
export function batchBody(format: SiemFormat, records: readonly SiemRecord[]): string {
  if (format === 'cef') return JSON.stringify(records.map((r) => r.body));
  return `[${records.map((r) => r.body).join(',')}]`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
