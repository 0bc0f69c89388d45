/**
 * The SIEM forwarder: fans stored events out to every route, each on its own. A route
 * whose backlog holds events gets new ones appended behind them, never sent ahead; `drain`
 * (a timer locally, a schedule on AWS) delivers the backlog oldest first once the
 * destination is back, so it receives everything in the order it was stored. Progress is
 * per route: one destination being down never holds back another, nor the stream.
 */
import type { StoredEvent } from '../event-schema';
import type { SiemBacklog, SiemDeliveryStatus, SiemForwarder, SiemRoute } from './ports';
import { SiemDeliveryError } from './ports';
import { matchesFilter, siemRecord } from './records';

/** How the forwarder runs. */
export interface SiemForwarderOptions {
  readonly routes: readonly SiemRoute[];
  readonly backlog: SiemBacklog;
  /** Records per send (and per backlog read when draining). @default 200 */
  readonly batchSize?: number;
  /** Told every route's status after each forward and drain (metrics, local alarms). */
  readonly onStatus?: (statuses: readonly SiemDeliveryStatus[]) => void | Promise<void>;
}

const DEFAULT_BATCH = 200;

/** Builds the forwarder over its routes and their backlog. */
export function createSiemForwarder(options: SiemForwarderOptions): SiemForwarder {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const names = new Set<string>();
  for (const route of options.routes) {
    if (names.has(route.name)) throw new Error(`SIEM destination ${route.name} is named twice`);
    names.add(route.name);
  }
  const lanes = new Map(options.routes.map((route) => [route.name, new RouteLane(route, options.backlog, batchSize)]));
  const report = async (statuses: SiemDeliveryStatus[]) => {
    await options.onStatus?.(statuses);
    return statuses;
  };
  return {
    forward: async (events) => report(await Promise.all([...lanes.values()].map((lane) => lane.forward(events)))),
    drain: async () => report(await Promise.all([...lanes.values()].map((lane) => lane.drain()))),
    replay: async (destination, events) => {
      const lane = lanes.get(destination);
      if (!lane) throw new Error(`no SIEM destination named ${destination}`);
      return lane.replay(events);
    },
    close: async () => {
      await Promise.all(options.routes.map((route) => route.sender.close()));
    },
  };
}

/**
 * One route: its sends and backlog reads run one at a time (a forward and a drain timer
 * interleaving would otherwise reorder records).
 */
class RouteLane {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly route: SiemRoute,
    private readonly backlog: SiemBacklog,
    private readonly batchSize: number,
  ) {}

  forward(events: readonly StoredEvent[]): Promise<SiemDeliveryStatus> {
    return this.serial(async () => {
      const mine = events.filter((event) => matchesFilter(this.route.filter, event));
      if ((await this.backlog.peek(this.route.name, 1)).length > 0) {
        // Behind the backlog, never ahead of it. Draining is the drain's job: a destination
        // that is still down would otherwise cost every stream batch its retries.
        await this.backlog.append(this.route.name, mine);
        return this.status(0);
      }
      const sent = await this.sendUntilDown(mine);
      if (sent < mine.length) await this.backlog.append(this.route.name, mine.slice(sent));
      return this.status(sent);
    });
  }

  drain(): Promise<SiemDeliveryStatus> {
    return this.serial(() => this.drainNow(0));
  }

  async replay(events: AsyncIterable<StoredEvent>): Promise<number> {
    let batch: StoredEvent[] = [];
    let sent = 0;
    for await (const event of events) {
      if (!matchesFilter(this.route.filter, event)) continue;
      batch.push(event);
      if (batch.length < this.batchSize) continue;
      sent += await this.serial(() => this.sendAll(batch));
      batch = [];
    }
    if (batch.length > 0) sent += await this.serial(() => this.sendAll(batch));
    return sent;
  }

  private async drainNow(delivered: number): Promise<SiemDeliveryStatus> {
    for (;;) {
      const kept = await this.backlog.peek(this.route.name, this.batchSize);
      if (kept.length === 0) return this.status(delivered);
      const sent = await this.sendUntilDown(kept);
      if (sent > 0) await this.backlog.ack(this.route.name, sent);
      delivered += sent;
      if (sent < kept.length) return this.status(delivered);
    }
  }

  /** Sends in batches; how many were delivered before the destination failed. */
  private async sendUntilDown(events: readonly StoredEvent[]): Promise<number> {
    let sent = 0;
    try {
      while (sent < events.length) {
        sent += await this.sendAll(events.slice(sent, sent + this.batchSize));
      }
    } catch (error) {
      if (!(error instanceof SiemDeliveryError)) throw error;
    }
    return sent;
  }

  private async sendAll(events: readonly StoredEvent[]): Promise<number> {
    const record = this.route.record ?? ((event: StoredEvent) => siemRecord(this.route.format, event));
    await this.route.sender.send(events.map(record));
    return events.length;
  }

  private async status(delivered: number): Promise<SiemDeliveryStatus> {
    const { length, oldestAgeSeconds } = await this.backlog.status(this.route.name);
    return { destination: this.route.name, delivered, backlog: length, oldestAgeSeconds };
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
