/**
 * Drains the outbox in order, in the background: the oldest batch is sent, and only once
 * the server has acknowledged it does the spool's progress marker move. Passing failures
 * (network, 5xx, 429) and credential failures (401/403: fixable without losing events)
 * wait with capped, jittered backoff and try again, forever. An event the server refuses
 * for good (400/409/413) is moved to `rejected.jsonl` beside the spool and reported: the
 * queue never blocks on it, and nothing leaves the outbox unrecorded.
 */
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { batchBody, type BatchLimits } from './batch';
import { AuditApiError, ForbiddenError, UnauthorizedError } from './errors';
import type { Outbox, SpoolBatch } from './outbox';
import { backoffDelayMs, isRetryable, type RetryPolicy } from './retry';
import type { Transport } from './transport';

/** What the drainer works with. */
export interface DrainerOptions {
  readonly outbox: Outbox;
  readonly dir: string;
  readonly transport: Transport;
  readonly limits: BatchLimits;
  /** Backoff between failed drain attempts (maxAttempts is ignored: it never gives up). */
  readonly backoff: RetryPolicy;
  /** Told of every failed attempt and every refused event. */
  readonly onError: (error: unknown) => void;
  /** Asked, once the spool is empty, whether new records may go direct again. */
  readonly onEmpty: () => boolean;
}

/** One background drain loop; `run` resolves when the outbox is empty (or the drainer is stopped). */
export class Drainer {
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: DrainerOptions) {}

  /** Drains until the spool is empty and `onEmpty` agrees. */
  async run(): Promise<void> {
    let failures = 0;
    let singles = 0;
    while (!this.stopped) {
      const { outbox, limits } = this.options;
      const batch = await outbox.next(singles > 0 ? 1 : limits.maxEvents, limits.maxBytes);
      if (!batch) {
        if (this.options.onEmpty()) return;
        await this.sleep(10);
        continue;
      }
      const outcome = await this.sendOnce(batch);
      if (outcome === 'sent') {
        failures = 0;
        singles = Math.max(0, singles - 1);
      } else if (outcome === 'refused') {
        // Find the refused event by sending this batch's events one at a time.
        singles = batch.events.length;
      } else {
        await this.sleep(backoffDelayMs(failures++, this.options.backoff));
      }
    }
  }

  /** Stops the loop at its next step. */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private async sendOnce(batch: SpoolBatch): Promise<'sent' | 'refused' | 'retry'> {
    try {
      await this.options.transport.send(batchBody(batch.events));
      await this.options.outbox.acknowledge(batch);
      return 'sent';
    } catch (error) {
      this.options.onError(error);
      const waitable = isRetryable(error) || error instanceof UnauthorizedError || error instanceof ForbiddenError;
      if (waitable || !(error instanceof AuditApiError)) return 'retry';
      if (batch.events.length > 1) return 'refused';
      await appendFile(join(this.options.dir, 'rejected.jsonl'), `${JSON.stringify(rejection(batch.events[0] as string, error))}\n`, { mode: 0o600, flush: true });
      await this.options.outbox.acknowledge(batch);
      return 'sent';
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function rejection(eventJson: string, error: AuditApiError) {
  return { rejectedAt: new Date().toISOString(), status: error.status, code: error.code, message: error.message, details: error.details, event: JSON.parse(eventJson) as unknown };
}
