import { randomBytes } from 'node:crypto';
import type { GetEvent } from '../core/get-event';
import { ArchiveJobCodec } from '../core/query/archive-job-codec';
import { readerForJob, type ArchiveJobContext } from '../core/query/archive-jobs';
import type { BlindIndexKeySource } from '../core/privacy/ports';
import { ComplianceReportQuery } from '../core/query/compliance-report';
import { ExportEvents } from '../core/query/export-events';
import { GetStats } from '../core/query/get-stats';
import type { CursorKeySource, ExportSink, IntegrityStatusSource, ProofSource } from '../core/query/ports';
import type { ReadAuditor } from '../core/query/read-audit';
import { ReadEvent } from '../core/query/read-event';
import { SearchEvents } from '../core/query/search-events';
import type { ArchiveTier } from '../core/query/tiered-plan';
import { DynamoDbEventQuery } from '../adapters/dynamodb/dynamodb-event-query';
import type { AuditTableOptions } from './audit-table-options';

/** The auditor's use cases: every one of them records the read it serves. */
export interface QueryServices {
  readonly readEvent: ReadEvent;
  readonly searchEvents: SearchEvents;
  readonly exportEvents: ExportEvents;
  readonly getStats: GetStats;
  readonly complianceReport: ComplianceReportQuery;
  /** Reads that outrun the API's time budget on the archive, continued as jobs (archive-jobs.ts). */
  readonly archiveJobs: ArchiveJobServices;
}

/** The use cases that walk a period, and so may reach the archive and become a job. */
export type PeriodQueryServices = Pick<QueryServices, 'searchEvents' | 'exportEvents' | 'getStats' | 'complianceReport'>;

/** What the archive-job routes need. */
export interface ArchiveJobServices {
  /** The request time of a new job. */
  readonly now: () => Date;
  /** Records the start of a job (its final read is recorded by the use case, as any read). */
  readonly auditor: ReadAuditor;
  /** Seals and opens job ids, with a key derived from the cursor key. */
  codec(): Promise<ArchiveJobCodec>;
  /** The period use cases at a job's request time, the archive read through the job's executions. */
  at(requestedAt: Date, job: ArchiveJobContext): PeriodQueryServices;
}

/** What differs between AWS and local on the read side. */
export interface QueryOptions {
  /**
   * Signs search cursors. On AWS every instance must share it (kmsCursorKey); locally a
   * key in `.local/` (fileCursorKey). @default a random key per process (single-process use only)
   */
  readonly cursorKey?: CursorKeySource;
  /** Large exports go here (S3). @default none: exports are always returned inline */
  readonly exportSink?: ExportSink;
  /** Inclusion proofs for exports (integrity-links.ts). @default none */
  readonly proofs?: ProofSource;
  /** Integrity status for reports (integrity-links.ts). @default none: "not_available" */
  readonly integrity?: IntegrityStatusSource;
  /**
   * The blind index key ingest seals actor.ip with, for search by `ip`: on AWS derived from
   * the KMS HMAC key (BLIND_INDEX_KEY_ARN), locally the key file in `.local/`.
   * @default none: a search by `ip` is refused with 400
   */
  readonly blindIndexKey?: BlindIndexKeySource;
  /** Periods older than the hot window are read here (DuckDB locally, Athena on AWS). @default none: the table only */
  readonly archive?: ArchiveTier;
}

/** What the read side needs besides its options. */
export interface QueryServicesOptions extends QueryOptions, AuditTableOptions {
  readonly getEvent: GetEvent;
  /** The query function's one ReadAuditor, shared with the integrity side. */
  readonly auditor: ReadAuditor;
  readonly clock?: () => Date;
}

/** Builds the read side over the table's indexes. */
export function buildQueryServices(options: QueryServicesOptions): QueryServices {
  // One key for every use case built here, those of archive jobs included.
  const cursorKey = options.cursorKey ?? processCursorKey();
  const keyed = { ...options, cursorKey };
  return {
    readEvent: new ReadEvent(options.getEvent, options.auditor),
    ...periodQueryServices(keyed),
    archiveJobs: archiveJobServices(keyed),
  };
}

function periodQueryServices(options: QueryServicesOptions & { readonly cursorKey: CursorKeySource }): PeriodQueryServices {
  const { auditor, cursorKey } = options;
  const reader = new DynamoDbEventQuery(options.documentClient, options.tableName);
  // The clock and the archive tier go to every use case that walks a period.
  const shared = { ...(options.clock ? { now: options.clock } : {}), ...(options.archive ? { archive: options.archive } : {}) };
  return {
    searchEvents: new SearchEvents({
      reader, auditor, cursorKey, ...shared,
      ...(options.blindIndexKey ? { blindIndexKey: options.blindIndexKey } : {}),
    }),
    exportEvents: new ExportEvents({
      reader, auditor, ...shared,
      ...(options.exportSink ? { sink: options.exportSink } : {}),
      ...(options.proofs ? { proofs: options.proofs } : {}),
    }),
    getStats: new GetStats({ reader, auditor, ...shared }),
    complianceReport: new ComplianceReportQuery({ reader, auditor, ...shared, ...(options.integrity ? { integrity: options.integrity } : {}) }),
  };
}

function archiveJobServices(options: QueryServicesOptions & { readonly cursorKey: CursorKeySource }): ArchiveJobServices {
  const now = options.clock ?? (() => new Date());
  let codec: Promise<ArchiveJobCodec> | undefined;
  return {
    now,
    auditor: options.auditor,
    codec: () =>
      (codec ??= options.cursorKey().then(
        (key) => new ArchiveJobCodec(key, now),
        (error: unknown) => {
          codec = undefined;
          throw error;
        },
      )),
    at: (requestedAt, job) => {
      const { archive } = options;
      const pinned = archive ? { archive: { ...archive, reader: readerForJob(archive.reader, job) } } : {};
      return periodQueryServices({ ...options, clock: () => requestedAt, ...pinned });
    },
  };
}

function processCursorKey(): CursorKeySource {
  const key = randomBytes(32);
  return async () => key;
}
