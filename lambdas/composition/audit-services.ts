import { integrityStatusFrom, proofSourceFrom } from '../core/query/integrity-links';
import { ReadAuditor } from '../core/query/read-audit';
import { tableOptionsOf, type AuditTableOptions } from './audit-table-options';
import { buildIntegrityServices, type IntegrityAdapters, type IntegrityServices } from './integrity-services';
import { buildIngestServices, type IngestServices, type IngestServicesOptions } from './ingest-services';
import { buildQueryServices, type QueryOptions, type QueryServices } from './query-services';

/** The use cases the query function's handler calls, built once per cold start (or once per local runtime). */
export interface AuditServices extends IngestServices {
  /** The auditor's read side: search, export, stats, report, audited reads. */
  readonly query: QueryServices;
  /** Seal, proof and verification (integrity-services.ts); absent when no archive and signer were given. */
  readonly integrity?: IntegrityServices;
}

/** How to reach the store. The same shape on AWS and locally: only the client differs. */
export interface AuditServicesOptions extends AuditTableOptions {
  readonly clock?: () => Date;
  /** Cursor key, export sink and integrity links of the read side (query-services.ts). */
  readonly query?: QueryOptions;
  /** Archive, signer and sealer timing (S3 + KMS on AWS, a folder and a PEM key locally). @default none */
  readonly integrity?: IntegrityAdapters;
  /**
   * Subject keys that seal personal values in the reads' own audit records (a searched
   * e-mail address, say), as ingest seals them in any event. @default nothing is sealed
   */
  readonly personalData?: IngestServicesOptions['personalData'];
}

/**
 * The query function's builder: adapters in, use cases out. Reads are audited through the
 * writer's own use case, by one ReadAuditor shared by the read and integrity sides.
 */
export function buildAuditServices(options: AuditServicesOptions): AuditServices {
  const { documentClient, tableName, clock } = options;
  const withClock = clock ? { clock } : {};
  const personalData = options.personalData ? { personalData: options.personalData } : {};
  const { ingestEvents, getEvent } = buildIngestServices({ ...tableOptionsOf(options), ...withClock, ...personalData });
  const auditor = new ReadAuditor(ingestEvents, clock);
  // An event past the hot window is read (and proved) from the archive; the writer's getEvent stays table-only.
  const archive = options.query?.archive;
  const readEvents = archive ? getEvent.withArchive(archive.reader) : getEvent;
  const integrity =
    options.integrity &&
    buildIntegrityServices({ ...options.integrity, documentClient, tableName, getEvent: readEvents, auditor, ...withClock });
  const links = integrity ? integrityLinks(integrity, clock) : {};
  const query = buildQueryServices({
    documentClient,
    tableName,
    getEvent: readEvents,
    auditor,
    ...withClock,
    ...links,
    ...options.query,
  });
  return { ingestEvents, getEvent, query, ...(integrity ? { integrity } : {}) };
}

/** Proofs for exports and verification for reports, from the integrity side. */
function integrityLinks(integrity: IntegrityServices, clock?: () => Date): QueryOptions {
  return {
    proofs: proofSourceFrom(integrity.proofDeps),
    // The verifier's trusted key is fetched on first use, so the status source is too.
    integrity: {
      statusOf: async (from, to) => integrityStatusFrom(await integrity.verifyDeps(), clock).statusOf(from, to),
    },
  };
}
