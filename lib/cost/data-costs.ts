/**
 * The data-driven services: DynamoDB (writes per index, reads, storage for the hot window,
 * PITR, backups), CloudWatch (logs, metrics, alarms, Contributor Insights, dashboard), KMS,
 * the S3 archive (each retention class locked for its own period) and Athena over it.
 */
import { SHARD_COUNT } from '../../lambdas/adapters/dynamodb/table-schema';
import { RETENTION_CLASSES } from '../../lambdas/core/catalogue';
import { line, type CostInputs, type CostLine } from './cost-line';
import type { PriceName } from './prices-us-east-1';
import type { StackSettings } from './stack-settings';
import { STORAGE_OVERHEAD_BYTES } from './write-units';
import { ESTIMATES, retentionMonthsOf, type Workload } from './workload';

const GB = 1024 ** 3;
/** Items an auditor request reads (one search page). */
const ITEMS_PER_AUDITOR_REQUEST = 100;

/**
 * Write units of one event: the table item and each index entry, per started KB
 * (write-units.ts); a batch is one TransactWriteItems, where the table write costs twice.
 */
export function writeUnitsPerEvent(c: CostInputs): number {
  return c.workload.batchSize > 1 ? c.sizes.footprint.batchWriteUnits : c.sizes.footprint.writeUnits;
}

/** Months an event stays in the table. */
export function hotMonthsOf(stack: StackSettings): number {
  return stack.hotWindowDays / 30;
}

/** Table (with indexes) and base-table GB after `monthsRunning` months: only the hot window's events are still there. */
export function tableGigabytes(c: CostInputs): { total: number; base: number } {
  const months = Math.min(c.workload.monthsRunning, hotMonthsOf(c.stack));
  const items = (c.workload.eventsPerMonth + c.workload.auditorRequestsPerMonth) * months;
  const base = (items * (c.sizes.itemBytes + STORAGE_OVERHEAD_BYTES)) / GB;
  return { base, total: (items * c.sizes.footprint.storedBytes) / GB };
}

/** The DynamoDB prices of the table's class. */
export function dynamoPricesOf(stack: Pick<StackSettings, 'tableClass'>): { write: PriceName; read: PriceName; storage: PriceName } {
  return stack.tableClass === 'STANDARD_INFREQUENT_ACCESS'
    ? { write: 'dynamoWriteIa', read: 'dynamoReadIa', storage: 'dynamoStorageIa' }
    : { write: 'dynamoWrite', read: 'dynamoRead', storage: 'dynamoStorage' };
}

/**
 * Full copies of today's table a backup rule keeps: DynamoDB backups are never incremental,
 * and a table that grows steadily was smaller when older copies were taken, so copies
 * spread over the last `kept` months weigh on average 1 - kept / (2 × months) of today's.
 */
export function backupCopiesOf(rule: { keepDays: number; runsPerMonth: number }, monthsRunning: number): number {
  const kept = Math.min(rule.keepDays / 30, monthsRunning);
  return kept * rule.runsPerMonth * (1 - kept / (2 * monthsRunning));
}

/** DynamoDB: writes, reads, storage, PITR and AWS Backup copies. */
export function dynamoCosts(c: CostInputs): CostLine[] {
  const { workload: w, stack: s } = c;
  const eventsWritten = w.eventsPerMonth + w.auditorRequestsPerMonth; // every auditor read is itself recorded
  // Index queries read keys (eventually consistent); the events are then read whole, strongly consistent.
  const indexBytes = c.sizes.footprint.copies.find((copy) => copy.name === 'byIngest')?.bytes ?? 0;
  const readUnitsPerEvent = Math.ceil(c.sizes.itemBytes / 4096) + (0.5 * indexBytes) / 4096;
  const { total, base } = tableGigabytes(c);
  const backupCopies = s.backupRules.reduce((n, r) => n + backupCopiesOf(r, w.monthsRunning), 0);
  const price = dynamoPricesOf(s);
  const how = w.batchSize > 1 ? 'batched: the table write is transactional' : 'one PutItem';
  return [
    line('DynamoDB', `event writes (${writeUnitsPerEvent(c)} WRU each: table + ${s.globalSecondaryIndexes} indexes, ${how})`, eventsWritten * writeUnitsPerEvent(c), price.write, 'per-event'),
    line('DynamoDB', 'block writes (sealer)', s.sealerRunsPerMonth, price.write, 'fixed'),
    line('DynamoDB', 'detector counter writes (failures)', w.eventsPerMonth * w.failureShare * 2, 'dynamoWrite', 'per-event'),
    line('DynamoDB', 'sealer and verifier reads', w.eventsPerMonth * 2 * readUnitsPerEvent + s.sealerRunsPerMonth * SHARD_COUNT * 0.5, price.read, 'per-event'),
    line('DynamoDB', 'auditor reads', w.auditorRequestsPerMonth * Math.ceil(ITEMS_PER_AUDITOR_REQUEST * readUnitsPerEvent), price.read, 'fixed'),
    line('DynamoDB', `storage, table + indexes, month ${w.monthsRunning}, hot window ${s.hotWindowDays} d (GB)`, total, price.storage, 'storage'),
    ...(s.pointInTimeRecovery ? [line('DynamoDB', 'point-in-time recovery (GB of table)', base, 'dynamoPitr', 'storage')] : []),
    line('AWS Backup', `DynamoDB full backups kept (≈ ${backupCopies.toFixed(0)} × today's table GB)`, backupCopies * base, 'backupDynamoWarm', 'storage'),
    line('DynamoDB Streams', 'reads by the Lambda trigger (no charge)', 0, 'dynamoRead', 'per-event'),
  ];
}

/** GB ingested per month into each kind of log group. */
function logGigabytes(c: CostInputs): { security: number; functions: number; access: number; waf: number } {
  const { workload: w, stack: s } = c;
  const invocations = c.ingestRequests + c.streamInvocations + s.sealerRunsPerMonth + s.verifierRunsPerMonth + w.auditorRequestsPerMonth;
  return {
    security: (w.eventsPerMonth * (c.sizes.securityLineBytes + ESTIMATES.logEnvelopeBytes)) / GB,
    functions: (invocations * ESTIMATES.logBytesPerInvocation) / GB,
    access: (c.apiRequests * ESTIMATES.apiAccessLogBytesPerRequest) / GB,
    waf: s.wafWebAcls > 0 ? (c.apiRequests * ESTIMATES.wafLogBytesPerRequest) / GB : 0,
  };
}

/** CloudWatch Logs ingestion and storage; metrics, alarms, Contributor Insights, dashboard. */
export function cloudWatchCosts(c: CostInputs): CostLine[] {
  const { workload: w, stack: s } = c;
  const gb = logGigabytes(c);
  const keptMonths = Math.min(w.monthsRunning, s.securityLogRetentionDays / 30);
  const storedGb = (gb.security + gb.functions + gb.access + gb.waf) * keptMonths * ESTIMATES.logCompression;
  return [
    line('CloudWatch Logs', 'security lines ingested (GB)', gb.security, 'logsIngestion', 'per-event'),
    line('CloudWatch Logs', 'function logs ingested (GB)', gb.functions, 'logsIngestion', 'per-event'),
    line('CloudWatch Logs', 'API access logs ingested (GB)', gb.access, 'logsIngestion', 'per-event'),
    line('CloudWatch Logs', 'WAF logs ingested (GB, vended)', gb.waf, 'logsVendedIngestion', 'per-event'),
    line('CloudWatch Logs', `storage, month ${w.monthsRunning} (GB compressed)`, storedGb, 'logsStorage', 'storage'),
    line('CloudWatch', 'custom metrics (metric filters, pipeline metrics)', s.customMetrics, 'customMetric', 'fixed'),
    line('CloudWatch', `alarms (${s.alarms}; anomaly detection bills 3)`, s.alarms + 2 * s.anomalyAlarms, 'standardAlarm', 'fixed'),
    line('CloudWatch', 'Contributor Insights rules', s.contributorInsightsRules, 'contributorInsightsRule', 'fixed'),
    line('CloudWatch', 'Contributor Insights matched events', w.eventsPerMonth * w.failureShare * s.contributorInsightsRules, 'contributorInsightsEvents', 'per-event'),
    line('CloudWatch', 'dashboards', s.dashboards, 'dashboard', 'fixed'),
  ];
}

/** KMS keys and requests: one Sign per block, HMAC per auditor page, background service calls. */
export function kmsCosts(c: CostInputs): CostLine[] {
  return [
    line('KMS', `customer managed keys (${c.stack.kmsKeys})`, c.stack.kmsKeys, 'kmsKey', 'fixed'),
    line('KMS', 'Sign (one per block)', c.stack.sealerRunsPerMonth, 'kmsAsymmetricRequests', 'fixed'),
    line('KMS', 'symmetric/HMAC requests (services, cursors)', ESTIMATES.kmsBackgroundRequestsPerMonth + c.workload.auditorRequestsPerMonth, 'kmsSymmetricRequests', 'fixed'),
  ];
}

/** eventId + contentHash per leaf in the block file. */
const LEAF_BYTES = 120;

/** Event objects a block writes: one per retention class present among its events (a day boundary adds one more, rarely). */
export function partitionsPerBlock(w: Workload, eventsPerBlock: number): number {
  return RETENTION_CLASSES.reduce((n, rc) => n + 1 - (1 - w.retentionMix[rc]) ** eventsPerBlock, 0);
}

/** Archive bytes after `months` months: each class's events kept for its own lock period, the leaf lists for the longest. */
export function archiveBytesAfter(w: Workload, archiveBytesPerEvent: number, months: number): number {
  const events = RETENTION_CLASSES.reduce((n, rc) => n + w.retentionMix[rc] * Math.min(months, retentionMonthsOf(rc)), 0);
  const leaves = Math.min(months, Math.max(...RETENTION_CLASSES.map(retentionMonthsOf)));
  return w.eventsPerMonth * (events * archiveBytesPerEvent + leaves * LEAF_BYTES);
}

/** Bytes one Athena investigation scans: the security and application partitions of its period, gzipped. */
export function athenaBytesPerInvestigation(w: Workload, archiveBytesPerEvent: number): number {
  const share = w.retentionMix.security + w.retentionMix.application;
  return Math.max(10 * 1024 ** 2, (w.eventsPerMonth / 30) * ESTIMATES.athenaInvestigationDays * share * archiveBytesPerEvent);
}

/** S3 archive (Object Lock COMPLIANCE per retention class): a block object and its event partitions per block; Athena over them. */
export function archiveCosts(c: CostInputs): CostLine[] {
  const { workload: w, stack: s } = c;
  const objects = 1 + partitionsPerBlock(w, w.eventsPerMonth / s.sealerRunsPerMonth);
  const stored = archiveBytesAfter(w, c.sizes.archiveBytesPerEvent, w.monthsRunning) + s.sealerRunsPerMonth * w.monthsRunning * 1024;
  const scanned = w.athenaInvestigationsPerMonth * athenaBytesPerInvestigation(w, c.sizes.archiveBytesPerEvent);
  return [
    line('S3 archive', `PUTs (block + ${(objects - 1).toFixed(1)} event partitions per block)`, s.sealerRunsPerMonth * objects, 's3Puts', 'fixed'),
    line('S3 archive', 'GETs (daily verification)', s.sealerRunsPerMonth * objects, 's3Gets', 'fixed'),
    line('S3 archive', `storage, month ${w.monthsRunning} (GB, Object Lock per class)`, stored / GB, 's3Storage', 'storage'),
    line('Athena', `${w.athenaInvestigationsPerMonth} investigations of ${ESTIMATES.athenaInvestigationDays} days (TB scanned)`, scanned / 1024 ** 4, 'athenaScanned', 'per-event'),
  ];
}
