import type { S3Client } from '@aws-sdk/client-s3';
import { S3CheckpointLog, S3VerifiedCheckpoint } from '../adapters/s3/s3-checkpoints';
import { DEFAULT_LOG_ORIGIN } from '../core/integrity/checkpoint';
import { trustedPublicKeyPems } from '../core/integrity/publish-keys';
import type { RememberingDeps } from '../core/integrity/kept-checkpoint';
import type { IngestEvents } from '../core/ingest-events';
import { tableOptionsOf, type AuditTableOptions } from './audit-table-options';
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
  const { ingestEvents } = buildIngestServices(tableOptionsOf(options));
  return {
    integrity: { verifyDeps: lazyVerifyDeps(sealDepsFor(options), options), sealer: options.sealer },
    ingestEvents,
  };
}

/** The remembering verifier's ports; the checkpoint keys may be resolved per run (trusted keys read from S3). */
export type Remembering = Omit<RememberingDeps, 'verify' | 'publicKeyPems'> & {
  readonly publicKeyPems: readonly string[] | (() => Promise<readonly string[]>);
};

/**
 * The remembering verifier on AWS: published notes under `checkpoints/`, its memory under
 * `verified/` (only the verifier's role writes there), and the keys that may have signed a
 * kept note: every trusted key (pinned, else published), else the signer's own.
 */
export function awsRemembering(adapters: IntegrityAdapters, s3: S3Client, bucket: string): Remembering {
  return {
    published: new S3CheckpointLog(s3, bucket),
    remembered: new S3VerifiedCheckpoint(s3, bucket),
    keyName: adapters.sealer.logOrigin ?? DEFAULT_LOG_ORIGIN,
    publicKeyPems: async () => {
      const trusted = await adapters.trustedKeys?.();
      return trusted ? trustedPublicKeyPems(trusted) : [await adapters.signer.publicKeyPem()];
    },
  };
}
