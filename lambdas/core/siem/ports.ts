/**
 * What the SIEM forwarder needs from the outside world. The core (forwarder.ts) fans one
 * stream batch out to every destination, each behind these ports; adapters are local
 * (files, node:tls, fetch) or AWS (SQS, Secrets Manager, S3).
 */
import type { StoredEvent } from '../event-schema';
import type { SiemFilter, SiemFormat } from './destinations';

/** One record as a destination sends it: the formatted text, and the event it came from. */
export interface SiemRecord {
  readonly eventId: string;
  readonly ingestedAt: string;
  /** CEF message, JSON or OCSF JSON text: one record, no framing. */
  readonly body: string;
}

/** Delivers records to one destination, in order; throws SiemDeliveryError when it cannot. */
export interface SiemSender {
  readonly destination: string;
  send(records: readonly SiemRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** The destination did not take the records (down, refused, timed out); nothing after them was sent. */
export class SiemDeliveryError extends Error {
  override readonly name = 'SiemDeliveryError';
  constructor(
    readonly destination: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${destination}: ${message}`, options);
  }
}

/**
 * Events a destination has not yet received, kept in order while it is down (on AWS an SQS
 * FIFO queue per destination, 14-day retention; locally an NDJSON file).
 */
export interface SiemBacklog {
  /** Appends events after those already kept. */
  append(destination: string, events: readonly StoredEvent[]): Promise<void>;
  /** The oldest kept events, in order, at most `max`; `ack` removes them once delivered. */
  peek(destination: string, max: number): Promise<readonly StoredEvent[]>;
  ack(destination: string, count: number): Promise<void>;
  /** How many are kept and how long the oldest has waited. */
  status(destination: string): Promise<{ readonly length: number; readonly oldestAgeSeconds: number }>;
}

/** A destination as the forwarder runs it: its settings and the sender that reaches it. */
export interface SiemRoute {
  readonly name: string;
  readonly format: SiemFormat;
  readonly filter?: SiemFilter;
  readonly sender: SiemSender;
  /**
   * How an event becomes this route's record, when the transport wraps the format (syslog:
   * the CEF message inside an RFC 5424 header). @default siemRecord(format, event)
   */
  readonly record?: (event: StoredEvent) => SiemRecord;
}

/** Per destination, after a batch: how many records were delivered now and how many wait in its backlog. */
export interface SiemDeliveryStatus {
  readonly destination: string;
  readonly delivered: number;
  readonly backlog: number;
  readonly oldestAgeSeconds: number;
}

/**
 * The forwarder: fans stored events out to every route, each independently. A destination
 * that is down gets its events kept in its backlog, in order, so one SIEM outage never
 * holds back another destination or the stream. `forward` throws only when an event could
 * be neither delivered nor kept (then the stream batch is retried).
 */
export interface SiemForwarder {
  forward(events: readonly StoredEvent[]): Promise<readonly SiemDeliveryStatus[]>;
  /** Delivers what the backlogs keep, for destinations that are back. */
  drain(): Promise<readonly SiemDeliveryStatus[]>;
  /** Sends the given events (a period read from the table) to one destination again, in order. */
  replay(destination: string, events: AsyncIterable<StoredEvent>): Promise<number>;
  close(): Promise<void>;
}
