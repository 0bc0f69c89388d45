/** AuditClient's settings and results. */
import type { BatchLimits } from './batch';
import type { OutboxOptions } from './outbox';
import type { RetryPolicy } from './retry';
import type { AcceptedEvent, Transport } from './transport';

/** How `record` ended: stored (with the server's receipt) or durably queued in the outbox. */
export type RecordResult = ({ readonly status: 'stored' } & AcceptedEvent) | { readonly status: 'queued'; readonly eventId: string };

/** AuditClient settings. */
export interface AuditClientOptions {
  readonly transport: Transport;
  /** How long a lone event waits for company before its request goes. @default 20 */
  readonly lingerMs?: number;
  /** @default the API's limits: 100 events, 1 MiB */
  readonly batch?: Partial<BatchLimits>;
  readonly retry?: Partial<RetryPolicy>;
  /** Disaster mode: spool what cannot be delivered. Without it, `record` rejects after the retries. */
  readonly outbox?: OutboxOptions;
  /** Backoff of the background drain. @default 100 ms base, 5 s cap */
  readonly drainBackoff?: Partial<RetryPolicy>;
  /** Told of background drain failures and of events the server refused from the outbox. */
  readonly onError?: (error: unknown) => void;
}
