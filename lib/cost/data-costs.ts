/**
 * The data-driven services: DynamoDB (writes per index, reads, storage, PITR, backups),
 * CloudWatch (logs, metrics, alarms, Contributor Insights, dashboard), KMS and the S3 archive.
 */
import { SHARD_COUNT } from '../../lambdas/adapters/dynamodb/table-schema';
import { line, type CostInputs, type CostLine } from './cost-line';
import { ESTIMATES } from './workload';

const GB = 1024 ** 3;
/** Items an auditor request reads (one search page). */
const ITEMS_PER_AUDITOR_REQUEST = 100;

/** Write units of one event: the table item plus one copy per index (projection ALL), per started KB. */
export function writeUnitsPerEvent(c: CostInputs): number {
  return Math.ceil(c.sizes.itemBytes / 1024) * (1 + c.stack.globalSecondaryIndexes);
}

/** Table (with indexes) and base-table GB after `monthsRunning` months. */
export function tableGigabytes(c: CostInputs): { total: number; base: number } {
  const items = (c.workload.eventsPerMonth + c.workload.auditorRequestsPerMonth) * c.workload.monthsRunning;
  const base = (items * (c.sizes.itemBytes + ESTIMATES.indexOverheadBytes)) / GB;
  return { base, total: base * (1 + c.stack.globalSecondaryIndexes) };
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
  const readUnitsPerEvent = (c.sizes.itemBytes / 4096) * 0.5; // eventually consistent index queries
  const { total, base } = tableGigabytes(c);
  const backupCopies = s.backupRules.reduce((n, r) => n + backupCopiesOf(r, w.monthsRunning), 0);
  return [
    line('DynamoDB', `event writes (${writeUnitsPerEvent(c)} WRU each: table + ${s.globalSecondaryIndexes} indexes)`, eventsWritten * writeUnitsPerEvent(c), 'dynamoWrite', 'per-event'),
    line('DynamoDB', 'block writes (sealer)', s.sealerRunsPerMonth, 'dynamoWrite', 'fixed'),
    line('DynamoDB', 'detector counter writes (failures)', w.eventsPerMonth * w.failureShare * 2, 'dynamoWrite', 'per-event'),
    line('DynamoDB', 'sealer and verifier reads', w.eventsPerMonth * 2 * readUnitsPerEvent + s.sealerRunsPerMonth * SHARD_COUNT * 0.5, 'dynamoRead', 'per-event'),
    line('DynamoDB', 'auditor reads', w.auditorRequestsPerMonth * Math.ceil(ITEMS_PER_AUDITOR_REQUEST * readUnitsPerEvent), 'dynamoRead', 'fixed'),
    line('DynamoDB', `storage, table + indexes, month ${w.monthsRunning} (GB)`, total, 'dynamoStorage', 'storage'),
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

/** S3 archive (Object Lock COMPLIANCE): two objects per block, storage kept for the lock period. */
export function archiveCosts(c: CostInputs): CostLine[] {
  const { workload: w, stack: s } = c;
  const leafBytes = 120; // eventId + contentHash per leaf in the block file
  const monthlyBytes = w.eventsPerMonth * (c.sizes.eventJsonBytes * ESTIMATES.archiveCompression + leafBytes) + s.sealerRunsPerMonth * 1024;
  return [
    line('S3 archive', 'PUTs (block + events file per block)', s.sealerRunsPerMonth * 2, 's3Puts', 'fixed'),
    line('S3 archive', 'GETs (daily verification)', s.sealerRunsPerMonth * 2, 's3Gets', 'fixed'),
    line('S3 archive', `storage, month ${w.monthsRunning} (GB, Object Lock)`, (monthlyBytes * w.monthsRunning) / GB, 's3Storage', 'storage'),
  ];
}
