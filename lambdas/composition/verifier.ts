import type { IngestEvents } from '../core/ingest-events';
import type { AuditTableOptions } from './audit-table-options';
import { buildIngestServices } from './ingest-services';
import { lazyVerifyDeps, sealDepsFor, type IntegrityAdapters, type IntegrityServices } from './integrity-services';

/** What the scheduled verifier runs on. */
export interface VerifierServices {
  /** Verifier ports trusting the signer's key, and the sealer's grace. */
  readonly integrity: Pick<IntegrityServices, 'verifyDeps' | 'sealer'>;
  /** The result is recorded as an audit event through the writer's own use case. */
  readonly ingestEvents: IngestEvents;
}

/** The verifier function's builder: the verifier's ports and the ingest use case, no read side. */
export function buildVerifierServices(options: IntegrityAdapters & AuditTableOptions): VerifierServices {
  const { documentClient, tableName } = options;
  const { ingestEvents } = buildIngestServices({ documentClient, tableName });
  return {
    integrity: { verifyDeps: lazyVerifyDeps(sealDepsFor(options)), sealer: options.sealer },
    ingestEvents,
  };
}
