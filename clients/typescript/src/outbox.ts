/**
 * The disaster-mode outbox: a durable, bounded, ordered spool of events the API has not
 * acknowledged. `append` resolves only once its line is written and fdatasync'd. Group
 * commit: appends arriving while a write and sync run are written and synced together by
 * the next one, and each resolves only after the sync that covers it. The drainer reads
 * from the acknowledged offset and moves it forward only after the server answered. A kill
 * at any point loses nothing that was acknowledged as queued: a torn last line was never
 * acknowledged, and events sent but not yet marked are sent again and answered
 * `duplicate: true` (the server's eventId check).
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { OutboxFullError } from './errors';
import { acquireLock, readProgress, removeOtherGenerations, repairTornTail, spoolFile, spoolLine, syncDirectory, writeAll, writeProgress } from './outbox-files';
import { pendingOf, readSpoolBatch, type OutboxStatus, type SpoolBatch } from './outbox-status';

export type { SpoolBatch } from './outbox-status';

/** Where the outbox lives and how big it may grow. */
export interface OutboxOptions {
  readonly dir: string;
  /** @default 100000 */
  readonly maxEvents?: number;
  /** Bytes of pending spool. @default 64 MiB */
  readonly maxBytes?: number;
  /** Called with `OutboxFull` (events refused) whenever the bound refuses an append. */
  readonly onMetric?: (name: 'OutboxFull', value: number) => void;
}

interface PendingAppend {
  readonly lines: string;
  readonly count: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** An open outbox, owned by this process until `close`. */
export class Outbox {
  private queue: PendingAppend[] = [];
  private serial: Promise<void> = Promise.resolve();
  private flushing = false;

  private constructor(
    private readonly options: OutboxOptions,
    private readonly unlock: () => Promise<void>,
    private handle: FileHandle,
    private generation: number,
    private offset: number,
    private size: number,
    private pending: number,
  ) {}

  /** Opens (creating) the outbox: takes the lock, repairs a torn tail, counts what is pending. */
  static async open(options: OutboxOptions): Promise<Outbox> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    const unlock = await acquireLock(options.dir);
    try {
      const progress = await readProgress(options.dir);
      await removeOtherGenerations(options.dir, progress.generation);
      const file = spoolFile(options.dir, progress.generation);
      const size = await repairTornTail(file);
      // A kill during a rotation can leave an offset past the end of a fresh spool.
      const offset = progress.offset <= size ? progress.offset : 0;
      const handle = await open(file, 'a+', 0o600);
      await syncDirectory(options.dir); // a spool file just created must not vanish with a power cut
      const { events } = await pendingOf(handle, offset, size);
      return new Outbox(options, unlock, handle, progress.generation, offset, size, events);
    } catch (error) {
      await unlock();
      throw error;
    }
  }

  /** Events not yet acknowledged by the server. */
  get pendingEvents(): number {
    return this.pending;
  }

  /**
   * Queues one event durably, behind every event queued before it. Appends arriving
   * together share one write and one fdatasync. Throws OutboxFullError (and counts the metric)
   * past the bound: that event is not queued, and no other is dropped to make room.
   */
  append(eventJson: string): Promise<void> {
    const lines = spoolLine(Date.now(), eventJson);
    return new Promise((resolve, reject) => {
      this.queue.push({ lines, count: 1, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    // Taken when the write starts, not before: everything appended meanwhile joins it.
    while (this.queue.length > 0) await this.exclusive(() => this.write(this.queue.splice(0)));
    this.flushing = false;
  }

  private async write(taken: PendingAppend[]): Promise<void> {
    const maxEvents = this.options.maxEvents ?? 100_000;
    const maxBytes = this.options.maxBytes ?? 64 * 1024 * 1024;
    const accepted: PendingAppend[] = [];
    let events = this.pending;
    let bytes = this.size - this.offset;
    for (const item of taken) {
      const size = Buffer.byteLength(item.lines);
      if (events + item.count > maxEvents || bytes + size > maxBytes) {
        this.options.onMetric?.('OutboxFull', item.count);
        item.reject(new OutboxFullError(events, bytes));
        continue;
      }
      accepted.push(item);
      events += item.count;
      bytes += size;
    }
    if (accepted.length === 0) return;
    try {
      const data = Buffer.from(accepted.map((item) => item.lines).join(''));
      await writeAll(this.handle, data);
      // fdatasync: the data and the size the append changed, not the timestamps no reader needs.
      await this.handle.datasync();
      this.size += data.byteLength;
      this.pending = events;
      for (const item of accepted) item.resolve();
    } catch (error) {
      // None of these callers hears "queued": none of their lines may be drained either.
      await this.handle.truncate(this.size).catch(() => undefined);
      for (const item of accepted) item.reject(error as Error);
    }
  }

  /** The next events to send, oldest first: at most `maxEvents`, and at most `maxBodyBytes` as a `{"events":[...]}` body. */
  next(maxEvents: number, maxBodyBytes: number): Promise<SpoolBatch | undefined> {
    return readSpoolBatch(this.handle, this.offset, this.size, maxEvents, maxBodyBytes);
  }

  /** Marks a batch from `next` as acknowledged by the server; rotates to a fresh spool once all is sent. */
  acknowledge(batch: SpoolBatch): Promise<void> {
    return this.exclusive(async () => {
      this.offset = batch.end;
      this.pending -= batch.events.length;
      if (this.offset === this.size) await this.rotate();
      else await writeProgress(this.options.dir, { generation: this.generation, offset: this.offset });
    });
  }

  /** Starts an empty spool generation: the progress marker flips to it atomically, then the old file goes. */
  private async rotate(): Promise<void> {
    const next = this.generation + 1;
    const handle = await open(spoolFile(this.options.dir, next), 'a+', 0o600);
    await handle.sync();
    await writeProgress(this.options.dir, { generation: next, offset: 0 });
    await this.handle.close();
    Object.assign(this, { handle, generation: next, offset: 0, size: 0 });
    await removeOtherGenerations(this.options.dir, next);
  }

  /** Queue length and the oldest pending event's age. */
  async status(): Promise<OutboxStatus> {
    const { events, oldestQueuedAt } = await pendingOf(this.handle, this.offset, this.size);
    return { pendingEvents: events, pendingBytes: this.size - this.offset, oldestQueuedAt, oldestAgeMs: oldestQueuedAt === undefined ? undefined : Date.now() - oldestQueuedAt };
  }

  /** Waits for appends in flight, closes the spool and releases the lock. */
  async close(): Promise<void> {
    while (this.flushing) await this.serial;
    await this.serial;
    await this.handle.close();
    await this.unlock();
  }

  private exclusive(work: () => Promise<void>): Promise<void> {
    const run = this.serial.then(work);
    this.serial = run.catch(() => undefined);
    return run;
  }
}
