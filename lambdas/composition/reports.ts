import { DEFAULT_BRUTE_FORCE_SETTINGS, type BruteForceSettings } from '../core/monitoring/brute-force-detector';
import { integrityStatusFrom } from '../core/query/integrity-links';
import type { IntegrityStatusSource } from '../core/query/ports';
import type { ReportDelivery } from '../core/query/report-delivery';
import { ScheduledReports } from '../core/query/scheduled-reports';
import { DynamoDbEventQuery } from '../adapters/dynamodb/dynamodb-event-query';
import { tableOptionsOf, type AuditTableOptions } from './audit-table-options';
import { buildIngestServices } from './ingest-services';
import { lazyVerifyDeps, sealDepsFor, type IntegrityAdapters } from './integrity-services';

/** What differs between AWS (S3 + SNS, KMS signer) and local (files, PEM key) for the scheduled reports. */
export interface ReportServicesOptions extends AuditTableOptions {
  /** Where reports are stored and announced. */
  readonly delivery: ReportDelivery;
  /** Archive and signer, for the integrity status of each period. @default none: "not_available" */
  readonly integrity?: IntegrityAdapters;
  /** The brute-force thresholds of the monitoring config. @default the detector's defaults */
  readonly lockout?: BruteForceSettings;
  readonly clock?: () => Date;
  /** Rows per store request. @default 1000 */
  readonly pageSize?: number;
}

/**
 * The reports function's builder, shared by its Lambda entry, the local timer and the CLI:
 * the table's indexes to read, the writer's use case to record each run as an audit
 * read, and the verifier for the integrity status, as the compliance report has them.
 */
export function buildReportServices(options: ReportServicesOptions): ScheduledReports {
  const { documentClient, tableName, clock } = options;
  const { ingestEvents } = buildIngestServices({ ...tableOptionsOf(options), ...(clock ? { clock } : {}) });
  const integrity = options.integrity ? integrityStatusOf(options.integrity, options, clock) : undefined;
  return new ScheduledReports({
    reader: new DynamoDbEventQuery(documentClient, tableName),
    ingest: ingestEvents,
    delivery: options.delivery,
    ...(integrity ? { integrity } : {}),
    lockout: options.lockout ?? DEFAULT_BRUTE_FORCE_SETTINGS,
    ...(clock ? { now: clock } : {}),
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });
}

/** The verifier's verdict on a period; its trusted keys are fetched on first use. */
function integrityStatusOf(adapters: IntegrityAdapters, table: AuditTableOptions, clock?: () => Date): IntegrityStatusSource {
  const verifyDeps = lazyVerifyDeps(sealDepsFor({ ...table, ...adapters }), adapters);
  return { statusOf: async (from, to) => integrityStatusFrom(await verifyDeps(), clock).statusOf(from, to) };
}
