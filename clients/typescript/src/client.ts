/**
 * AuditClient: `record(event)` batches events (up to 100 and 1 MB a request, after a short
 * linger), sends them in order, one request at a time, retrying passing failures with
 * backoff and jitter. With an outbox, a batch that still fails is spooled durably and
 * `record` resolves "queued"; from then on new events join the spool behind it (order is
 * kept) until the background drainer has emptied it.
 */
import { API_BATCH_LIMITS, batchBody, isFull, prepareEvent, takeBatch, type BatchLimits, type PreparedEvent } from './batch';
import { Drainer } from './drainer';
import type { EventDraft } from './event';
import { ConflictError, InvalidRequestError, PayloadTooLargeError } from './errors';
import { Outbox, type OutboxOptions } from './outbox';
import type { OutboxStatus } from './outbox-status';
import { DEFAULT_RETRY, isRetryable, withRetries, type RetryPolicy } from './retry';
import type { AuditClientOptions, RecordResult } from './client-options';
import type { AcceptedEvent } from './transport';

export type { AuditClientOptions, RecordResult } from './client-options';

interface Pending {
  readonly event: PreparedEvent;
  readonly resolve: (result: RecordResult) => void;
  readonly reject: (error: unknown) => void;
}

/** The DMIS audit client. Create with `AuditClient.create`, end with `close`. */
export class AuditClient {
  private readonly queue: Pending[] = [];
  private readonly limits: BatchLimits;
  private readonly retry: RetryPolicy;
  private timer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private spooling = false;
  private spoolsInFlight = 0;
  private readonly spools = new Set<Promise<void>>();
  private draining: { drainer: Drainer; done: Promise<void> } | undefined;

  private constructor(
    private readonly options: AuditClientOptions,
    private readonly outbox: Outbox | undefined,
  ) {
    this.limits = { ...API_BATCH_LIMITS, ...options.batch };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  /** Opens the outbox, if any, and starts draining what an earlier run left in it. */
  static async create(options: AuditClientOptions): Promise<AuditClient> {
    const outbox = options.outbox ? await Outbox.open(options.outbox) : undefined;
    const client = new AuditClient(options, outbox);
    if (outbox && outbox.pendingEvents > 0) client.startDraining();
    return client;
  }

  /** Records one event; resolves once the server stored it or the outbox holds it on disk. */
  record(draft: EventDraft): Promise<RecordResult> {
    let event: PreparedEvent;
    try {
      event = prepareEvent(draft);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (this.spooling) this.spoolQueued();
      else if (isFull(this.queue, this.limits)) this.kick();
      else this.timer ??= setTimeout(() => this.kick(), this.options.lingerMs ?? 20);
    });
  }

  /** Resolves when every event recorded so far is stored, queued or refused. */
  async flush(): Promise<void> {
    this.kick();
    while (this.pumping || this.spools.size > 0) await Promise.all([this.pumping, ...this.spools]);
  }

  /** Resolves when the outbox is empty (flushing first). */
  async drain(): Promise<void> {
    await this.flush();
    while (this.draining) await this.draining.done;
  }

  /** Outbox queue length and oldest age (zero without an outbox). */
  async outboxStatus(): Promise<OutboxStatus> {
    return this.outbox ? this.outbox.status() : { pendingEvents: 0, pendingBytes: 0, oldestQueuedAt: undefined, oldestAgeMs: undefined };
  }

  /** Flushes, stops the drainer (what is left stays in the outbox for the next start) and releases everything. */
  async close(): Promise<void> {
    await this.flush();
    this.draining?.drainer.stop();
    await this.draining?.done;
    await this.outbox?.close();
    this.options.transport.close?.();
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pumping ??= this.pump().finally(() => (this.pumping = undefined));
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0) {
      if (this.spooling) this.spoolQueued();
      else await this.send(takeBatch(this.queue, this.limits));
    }
  }

  /**
   * While spooling, whatever is queued goes to the outbox at once, without waiting for the
   * appends before it: the outbox keeps call order, and appends arriving together share one
   * sync (group commit). Nothing is in flight to the API then, so order holds.
   */
  private spoolQueued(): void {
    const spooled = this.spool(this.queue.splice(0)).finally(() => this.spools.delete(spooled));
    this.spools.add(spooled);
  }

  /** Sends `batch`; when it has to be spooled, `after` (taken from the queue already) follows it in at once: order. */
  private async send(batch: Pending[], after: Pending[] = []): Promise<void> {
    try {
      const accepted = await withRetries(() => this.options.transport.send(batchBody(batch.map((p) => p.event.json))), this.retry);
      batch.forEach((pending, i) => pending.resolve({ status: 'stored', ...(accepted[i] as AcceptedEvent) }));
    } catch (error) {
      if (isRetryable(error) && this.outbox) {
        this.spooling = true;
        return this.spool([...batch, ...after]);
      }
      // The whole request was refused for one event's sake: send each alone so only that one fails.
      const perEvent = error instanceof InvalidRequestError || error instanceof PayloadTooLargeError || error instanceof ConflictError;
      if (perEvent && batch.length > 1) {
        for (const [i, pending] of batch.entries()) {
          await this.send([pending], batch.slice(i + 1));
          if (this.spooling) return;
        }
        return;
      }
      for (const pending of batch) pending.reject(error);
    }
  }

  private async spool(batch: Pending[]): Promise<void> {
    const outbox = this.outbox as Outbox;
    this.spoolsInFlight++;
    try {
      // One append per event: when the outbox fills up, the events that fit are still queued.
      await Promise.all(
        batch.map((pending) => outbox.append(pending.event.json).then(() => pending.resolve({ status: 'queued', eventId: pending.event.eventId }), pending.reject)),
      );
    } finally {
      this.spoolsInFlight--;
    }
    this.startDraining();
  }

  private startDraining(): void {
    if (this.draining || !this.outbox) return;
    this.spooling = true;
    const drainer = new Drainer({
      outbox: this.outbox,
      dir: (this.options.outbox as OutboxOptions).dir,
      transport: this.options.transport,
      limits: this.limits,
      backoff: { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 5000, ...this.options.drainBackoff },
      onError: (error) => this.options.onError?.(error),
      // Direct sends may resume only when no spooled event is left or on its way in: order.
      onEmpty: () => this.leaveSpooling(),
    });
    const done = drainer.run().finally(() => (this.draining = undefined));
    this.draining = { drainer, done };
  }

  /** Direct sends may resume only when no spooled event is left or on its way in: order. */
  private leaveSpooling(): boolean {
    if (this.spoolsInFlight > 0 || (this.outbox?.pendingEvents ?? 0) > 0) return false;
    this.spooling = false;
    return true;
  }
}
