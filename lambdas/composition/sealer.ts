import type { SealDeps } from '../core/integrity/seal-block';
import type { SealerConfig } from '../core/integrity/sealer';
import type { AuditTableOptions } from './audit-table-options';
import { sealDepsFor, type IntegrityAdapters } from './integrity-services';

/** What the sealer handler runs on: its ports and its timing. */
export interface SealerServices {
  readonly sealDeps: SealDeps;
  readonly config: SealerConfig;
}

/**
 * The sealer function's builder (the Lambda entry and the local sealer timer): only the
 * sealer's own ports, no ingest or read side, so the scheduled run loads nothing else.
 */
export function buildSealerServices(options: IntegrityAdapters & AuditTableOptions): SealerServices {
  return { sealDeps: sealDepsFor(options), config: options.sealer };
}
