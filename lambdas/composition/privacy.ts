/**
 * The privacy function's builder, shared by its Lambda entry and the local runtime:
 * personal-data reads, subject export, erasure and the key retention sweep over the audit
 * table, the subject key store and (for export proofs) the archive. Its own records go
 * through the writer's ingest use case with personal-data sealing, like any DMIS event.
 */
import { ReadAuditor } from '../core/query/read-audit';
import type { ArchiveTier } from '../core/query/tiered-plan';
import { proofSourceFrom } from '../core/query/integrity-links';
import { EraseSubject } from '../core/privacy/erase-subject';
import { ExpirePersonalDataKeys } from '../core/privacy/expire-keys';
import { ExportSubject } from '../core/privacy/export-subject';
import { PrivacyAuditor } from '../core/privacy/privacy-audit';
import type { PrivacySettings } from '../core/privacy/privacy-settings';
import { ReadPersonalData } from '../core/privacy/read-personal-data';
import { DynamoDbEventQuery } from '../adapters/dynamodb/dynamodb-event-query';
import { tableOptionsOf, type AuditTableOptions } from './audit-table-options';
import { buildIngestServices } from './ingest-services';
import { buildIntegrityServices, type IntegrityAdapters } from './integrity-services';
import type { SubjectKeys } from './subject-keys';

/** The privacy officer's use cases. */
export interface PrivacyServices {
  readonly readPersonalData: ReadPersonalData;
  readonly exportSubject: ExportSubject;
  readonly eraseSubject: EraseSubject;
  readonly expireKeys: ExpirePersonalDataKeys;
  /** The settings the services apply (the local front reads the personal-data grant from them). */
  readonly settings: PrivacySettings;
}

/** What the privacy function needs. */
export interface PrivacyServicesOptions extends AuditTableOptions {
  /** The subject key store and blind-index secret (subject-keys.ts). */
  readonly subjectKeys: SubjectKeys;
  /** Extra personal key names, for sealing the function's own records. @default none */
  readonly personalDataKeys?: readonly string[];
  readonly settings: PrivacySettings;
  /** Archive and signer, for the inclusion proofs of subject exports. @default none: proofs are null */
  readonly integrity?: IntegrityAdapters;
  /** Where subject exports, erasures and personal-data reads find events older than the hot window. @default the table only */
  readonly archive?: ArchiveTier;
  readonly clock?: () => Date;
}

/** Builds the privacy use cases. */
export function buildPrivacyServices(options: PrivacyServicesOptions): PrivacyServices {
  const { subjectKeys, settings, clock } = options;
  const table = tableOptionsOf(options);
  const withClock = clock ? { clock } : {};
  const personalData = { ...subjectKeys, ...(options.personalDataKeys ? { personalDataKeys: options.personalDataKeys } : {}) };
  const { ingestEvents, getEvent } = buildIngestServices({ ...table, ...withClock, personalData });
  const auditor = new PrivacyAuditor(ingestEvents, clock);
  const reader = new DynamoDbEventQuery(table.documentClient, table.tableName);
  const keys = subjectKeys.keyStore;
  const now = clock ? { now: clock } : {};
  const archive = options.archive ? { archive: options.archive } : {};
  const proofs = options.integrity
    ? proofSourceFrom(
        buildIntegrityServices({ ...options.integrity, ...table, getEvent, auditor: new ReadAuditor(ingestEvents, clock), ...withClock }).proofDeps,
      )
    : undefined;
  return {
    settings,
    // An event past the hot window is read from the archive, as the auditors' reads are.
    readPersonalData: new ReadPersonalData({ getEvent: options.archive ? getEvent.withArchive(options.archive.reader) : getEvent, keys, auditor }),
    exportSubject: new ExportSubject({ reader, ...archive, keys, auditor, ...now, ...(proofs ? { proofs } : {}) }),
    eraseSubject: new EraseSubject({ reader, ...archive, keys, auditor, legalHolds: settings.legalHolds, ...now }),
    expireKeys: new ExpirePersonalDataKeys({ keys, auditor, ...now }),
  };
}
