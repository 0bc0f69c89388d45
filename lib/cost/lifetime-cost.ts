/**
 * What a million events cost over their whole life: written once, kept in the table for
 * the hot window (indexes and PITR included), kept in the archive for their retention
 * class's lock, and read by analysts with Athena once they are past the hot window. Priced
 * before (every index projecting ALL, every event in the table for its whole retention,
 * one lock for the whole archive) and after (lean projections, the hot window, a lock per
 * class), for each table class, so the default table class is the cheaper one.
 */
import { RETENTION_CLASSES } from '../../lambdas/core/catalogue';
import { archiveBytesAfter, athenaBytesPerInvestigation, dynamoPricesOf, partitionsPerBlock } from './data-costs';
import { measureEventSizes, TYPICAL_EVENT, type EventSizes } from './event-size';
import { costOf, PRICES, type PriceName } from './prices-us-east-1';
import type { StackSettings } from './stack-settings';
import { ALL_LAYOUT, SCHEMA_LAYOUT, STORAGE_OVERHEAD_BYTES } from './write-units';
import { retentionMonthsOf, type Workload } from './workload';

const GB = 1024 ** 3;
const MILLION = 1e6;

/** One way of storing the events, priced. */
export interface LifetimeScenario {
  readonly name: string;
  /** Sizes under this scenario's index projections. */
  readonly sizes: EventSizes;
  /** Days in the table; undefined: the whole retention. */
  readonly hotWindowDays?: number;
  readonly tableClass: StackSettings['tableClass'];
  /** `per-class`: each retention class locked for its own period; `longest`: every object for the longest. */
  readonly archiveLock: 'per-class' | 'longest';
  /** How table writes are paid for. @default on-demand */
  readonly writeCapacity?: WriteCapacity;
}

/**
 * On-demand (per write request unit) or provisioned (per capacity unit-hour, provisioned
 * above the load so that `utilisation` of it is used: an autoscaling target).
 */
export type WriteCapacity = { readonly mode: 'on-demand' } | { readonly mode: 'provisioned'; readonly utilisation: number };

const SECONDS_PER_HOUR = 3600;

/** Dollars per write unit consumed: the request price, or a unit-hour's price over the writes it carries at that utilisation. */
export function writeUnitUsd(tableClass: StackSettings['tableClass'], capacity: WriteCapacity = { mode: 'on-demand' }): number {
  if (capacity.mode === 'on-demand') return costOf(PRICES[dynamoPricesOf({ tableClass }).write], 1);
  const unitHour = PRICES[tableClass === 'STANDARD_INFREQUENT_ACCESS' ? 'dynamoWcuHourIa' : 'dynamoWcuHour'];
  return costOf(unitHour, 1) / (SECONDS_PER_HOUR * capacity.utilisation);
}

const capacityText = (c: WriteCapacity = { mode: 'on-demand' }): string =>
  c.mode === 'on-demand' ? '' : `, provisioned at ${Math.round(c.utilisation * 100)} % utilisation`;

/** One priced part of a million events' life. */
export interface LifetimeLine {
  readonly item: string;
  readonly usd: number;
}

/** A scenario's cost per million events. */
export interface LifetimeEstimate {
  readonly scenario: LifetimeScenario;
  readonly lines: readonly LifetimeLine[];
  readonly perMillionUsd: number;
}

/** Prices a million events over their life under one scenario. */
export function lifetimeCost(scenario: LifetimeScenario, stack: StackSettings, w: Workload): LifetimeEstimate {
  const { sizes } = scenario;
  const price = dynamoPricesOf({ ...stack, tableClass: scenario.tableClass });
  const usd = (name: PriceName, quantity: number) => costOf(PRICES[name], quantity);
  const tableMonths = RETENTION_CLASSES.reduce((n, rc) => {
    const retention = retentionMonthsOf(rc);
    return n + w.retentionMix[rc] * Math.min(retention, scenario.hotWindowDays === undefined ? retention : scenario.hotWindowDays / 30);
  }, 0);
  const writeUnits = w.batchSize > 1 ? sizes.footprint.batchWriteUnits : sizes.footprint.writeUnits;
  const eventsPerBlock = w.eventsPerMonth / stack.sealerRunsPerMonth;
  const objectsPerBlock = scenario.archiveLock === 'per-class' ? 1 + partitionsPerBlock(w, eventsPerBlock) : 2;
  const longest = Math.max(...RETENTION_CLASSES.map(retentionMonthsOf));
  const archiveMix = scenario.archiveLock === 'per-class' ? w : { ...w, retentionMix: longestOnly() };
  // A million events a month, once every lock is reached: the bytes stored are a million events' byte-months.
  const archiveByteMonths = archiveBytesAfter({ ...archiveMix, eventsPerMonth: MILLION }, sizes.archiveBytesPerEvent, longest);
  const athenaPerMonth = w.athenaInvestigationsPerMonth * athenaBytesPerInvestigation(w, sizes.archiveBytesPerEvent);
  const lines: LifetimeLine[] = [
    { item: `table writes (${writeUnits} WRU per event${capacityText(scenario.writeCapacity)})`, usd: MILLION * writeUnits * writeUnitUsd(scenario.tableClass, scenario.writeCapacity) },
    { item: `table storage, indexes included (${(tableMonths).toFixed(1)} months on average)`, usd: usd(price.storage, (MILLION * sizes.footprint.storedBytes * tableMonths) / GB) },
    { item: 'point-in-time recovery (table size)', usd: usd('dynamoPitr', (MILLION * (sizes.itemBytes + STORAGE_OVERHEAD_BYTES) * tableMonths) / GB) },
    { item: `archive storage (${sizes.archiveBytesPerEvent.toFixed(0)} B gzipped per event, Object Lock ${scenario.archiveLock})`, usd: usd('s3Storage', archiveByteMonths / GB) },
    { item: `archive PUTs (${objectsPerBlock.toFixed(1)} objects per block)`, usd: usd('s3Puts', (MILLION / eventsPerBlock) * objectsPerBlock) },
    { item: 'Athena investigations past the hot window (per million events of the month)', usd: scenario.hotWindowDays === undefined ? 0 : usd('athenaScanned', athenaPerMonth / 1024 ** 4) / (w.eventsPerMonth / MILLION) },
  ];
  return { scenario, lines, perMillionUsd: lines.reduce((n, l) => n + l.usd, 0) };
}

/** Every event in the longest-kept class: one lock for the whole archive. */
function longestOnly(): Workload['retentionMix'] {
  const longest = RETENTION_CLASSES.reduce((a, b) => (retentionMonthsOf(b) > retentionMonthsOf(a) ? b : a));
  return Object.fromEntries(RETENTION_CLASSES.map((rc) => [rc, rc === longest ? 1 : 0])) as Workload['retentionMix'];
}

/** Before (ALL projections, no hot window, one lock) and after, on each table class, with the stack's hot window. */
export function lifetimeComparison(stack: StackSettings, w: Workload): LifetimeEstimate[] {
  const before = measureEventSizes(TYPICAL_EVENT, ALL_LAYOUT);
  const after = measureEventSizes(TYPICAL_EVENT, SCHEMA_LAYOUT);
  const hot = { sizes: after, hotWindowDays: stack.hotWindowDays, archiveLock: 'per-class' } as const;
  return [
    lifetimeCost({ name: 'before: ALL projections, whole retention in the table', sizes: before, tableClass: 'STANDARD', archiveLock: 'longest' }, stack, w),
    lifetimeCost({ name: `after: lean projections, ${stack.hotWindowDays}-day hot window, Standard`, ...hot, tableClass: 'STANDARD' }, stack, w),
    lifetimeCost({ name: `after: lean projections, ${stack.hotWindowDays}-day hot window, Standard-IA`, ...hot, tableClass: 'STANDARD_INFREQUENT_ACCESS' }, stack, w),
  ];
}
