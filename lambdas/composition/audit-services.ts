import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { integrityStatusFrom, proofSourceFrom } from '../core/query/integrity-links';
import { buildIntegrityServices, type IntegrityAdapters, type IntegrityServices } from './integrity-services';
import { buildIngestServices, type IngestServices } from './ingest-services';
import { buildQueryServices, type QueryOptions, type QueryServices } from './query-services';

/** The use cases the handlers call, built once per cold start (or once per local runtime). */
export interface AuditServices extends IngestServices {
  /** The auditor's read side: search, export, stats, report, audited reads. */
  readonly query: QueryServices;
  /** Seal, proof and verification (integrity-services.ts); absent when no archive and signer were given. */
  readonly integrity?: IntegrityServices;
}

/** How to reach the store. The same shape on AWS and locally: only the client differs. */
export interface AuditServicesOptions {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock?: () => Date;
  /** Cursor key, export sink and integrity links of the read side (query-services.ts). */
  readonly query?: QueryOptions;
  /** Archive, signer and sealer timing (S3 + KMS on AWS, a folder and a PEM key locally). @default none */
  readonly integrity?: IntegrityAdapters;
}

/** The composition root: adapters in, use cases out. */
export function buildAuditServices(options: AuditServicesOptions): AuditServices {
  const { documentClient, tableName, clock } = options;
  const { ingestEvents, getEvent } = buildIngestServices({ documentClient, tableName, ...(clock ? { clock } : {}) });
  const integrity =
    options.integrity &&
    buildIntegrityServices({
      ...options.integrity,
      documentClient,
      tableName,
      getEvent,
      ingestEvents,
      ...(clock ? { clock } : {}),
    });
  const links = integrity ? integrityLinks(integrity, clock) : {};
  const query = buildQueryServices({
    documentClient,
    tableName,
    ingestEvents,
    getEvent,
    ...(clock ? { clock } : {}),
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
