/**
 * One priced line of the bill, and what every pricing function receives: the stack's
 * settings, the workload, the measured event sizes and the derived request counts.
 */
import { costOf, PRICES, type PriceName } from './prices-us-east-1';
import type { EventSizes } from './event-size';
import type { StackSettings } from './stack-settings';
import { ESTIMATES, SECONDS_PER_MONTH, type Workload } from './workload';

/** How a line grows: with events, by the month regardless, or with stored data over time. */
export type CostKind = 'per-event' | 'fixed' | 'storage';

/** One resource's cost for the month. */
export interface CostLine {
  readonly service: string;
  readonly item: string;
  readonly quantity: number;
  readonly price: PriceName;
  readonly kind: CostKind;
  readonly usd: number;
}

/** Everything a pricing function reads. */
export interface CostInputs {
  readonly stack: StackSettings;
  readonly workload: Workload;
  readonly sizes: EventSizes;
  /** POST /v1/events requests: events / batch, rounded up. */
  readonly ingestRequests: number;
  /** All API requests: ingest plus auditor requests. */
  readonly apiRequests: number;
  /** Stream processor invocations (batches of records). */
  readonly streamInvocations: number;
}

/** A line, priced. */
export function line(service: string, item: string, quantity: number, price: PriceName, kind: CostKind): CostLine {
  return { service, item, quantity, price, kind, usd: costOf(PRICES[price], quantity) };
}

/** Derives the request counts from the workload and the stack. */
export function costInputs(stack: StackSettings, workload: Workload, sizes: EventSizes): CostInputs {
  const ingestRequests = Math.ceil(workload.eventsPerMonth / workload.batchSize);
  // Each request writes a batch to the stream; the 1 s batching window lets a batch collect
  // up to BatchSize records, but never spans more requests than arrive in that second.
  const perSecond = ingestRequests / SECONDS_PER_MONTH;
  const recordsPerInvocation = Math.min(stack.streamBatchSize, Math.max(workload.batchSize, workload.batchSize * perSecond));
  return {
    stack,
    workload,
    sizes,
    ingestRequests,
    apiRequests: ingestRequests + workload.auditorRequestsPerMonth,
    streamInvocations: Math.ceil(workload.eventsPerMonth / recordsPerInvocation),
  };
}

/** X-Ray traces recorded under the default sampling rule (a reservoir per second, then a rate). */
export function sampledTraces(requests: number): number {
  const perSecond = requests / SECONDS_PER_MONTH;
  const reservoir = Math.min(perSecond, ESTIMATES.xrayReservoirPerSecond);
  return (reservoir + (perSecond - reservoir) * ESTIMATES.xraySampleRate) * SECONDS_PER_MONTH;
}
