import type { GetEvent } from '../core/get-event';
import { CheckIntegrity, GetEventProof } from '../core/query/integrity-queries';
import { CheckpointQueries } from '../core/query/checkpoint-queries';
import type { BlockArchive, BlockSigner, CheckpointLog } from '../core/integrity/ports';
import type { ProofDeps } from '../core/integrity/proof';
import type { SealDeps } from '../core/integrity/seal-block';
import type { SealerConfig } from '../core/integrity/sealer';
import { createSignatureVerifier } from '../core/integrity/signature';
import { createTrustedKeyVerifier, type TrustedKey } from '../core/integrity/trusted-keys';
import type { ArchiveDeletions } from '../core/integrity/verify-archive-deletions';
import type { VerifyDeps } from '../core/integrity/verifier';
import type { ReadAuditor } from '../core/query/read-audit';
import { DynamoDbBlockStore } from '../adapters/dynamodb/dynamodb-block-store';
import { DynamoDbSealSource } from '../adapters/dynamodb/dynamodb-seal-source';
import type { AuditTableOptions } from './audit-table-options';
import type { EnvironmentOf } from './environment';
import type { SEALER_TIMING_ENVIRONMENT } from './function-environments';

/** What differs between AWS (S3, KMS) and local (folder, PEM key) on the integrity side. */
export interface IntegrityAdapters {
  readonly archive: BlockArchive;
  readonly signer: BlockSigner;
  readonly sealer: SealerConfig;
  /** Where each block's signed checkpoint is published (local folder, S3 bucket). @default none */
  readonly checkpoints?: CheckpointLog;
  /**
   * The trusted keys with validity periods the verifier checks blocks against (pinned, or
   * the published file). Absent, or resolving to undefined: only the signer's key is trusted.
   */
  readonly trustedKeys?: () => Promise<readonly TrustedKey[] | undefined>;
  /** Delete markers in a versioned archive (S3). Absent (local folder): not checked. */
  readonly archiveDeletions?: ArchiveDeletions;
}

/** What the verifier trusts and checks beyond the sealer's ports. */
type VerifyExtras = Pick<IntegrityAdapters, 'trustedKeys' | 'archiveDeletions'> & Pick<AuditTableOptions, 'hotWindowSeconds'>;

/** The integrity use cases and the ports they share, built once per cold start. */
export interface IntegrityServices {
  readonly sealer: SealerConfig;
  readonly sealDeps: SealDeps;
  readonly proofDeps: ProofDeps;
  /** Verifier ports trusting the signer's key (its public key is fetched once). */
  verifyDeps(): Promise<VerifyDeps>;
  readonly getProof: GetEventProof;
  readonly checkIntegrity: CheckIntegrity;
  readonly checkpoints: CheckpointQueries;
}

/** What the integrity side of the query function needs besides its adapters. */
export interface IntegrityServicesOptions extends IntegrityAdapters, AuditTableOptions {
  readonly getEvent: GetEvent;
  /** The query function's one ReadAuditor: proofs and checks are audited reads like any other. */
  readonly auditor: ReadAuditor;
  readonly clock?: () => Date;
}

/** Builds the integrity side over the audit table and the given archive and signer. */
export function buildIntegrityServices(options: IntegrityServicesOptions): IntegrityServices {
  const { sealer, auditor } = options;
  const sealDeps = sealDepsFor(options);
  const { store, archive, signer } = sealDeps;
  const proofDeps: ProofDeps = { store, archive, publicKeyPem: () => signer.publicKeyPem() };
  const verifyDeps = lazyVerifyDeps(sealDeps, options);
  return {
    sealer,
    sealDeps,
    proofDeps,
    verifyDeps,
    getProof: new GetEventProof({ getEvent: options.getEvent, proofs: proofDeps, auditor }),
    checkIntegrity: new CheckIntegrity({
      verifyDeps,
      graceSeconds: sealer.graceSeconds,
      auditor,
      ...(options.clock ? { now: options.clock } : {}),
    }),
    checkpoints: new CheckpointQueries({
      archive,
      auditor,
      ...(options.checkpoints ? { published: options.checkpoints } : {}),
    }),
  };
}

/** The sealer's ports: the table's events and blocks, and the given archive and signer. */
export function sealDepsFor(
  options: AuditTableOptions & Pick<IntegrityAdapters, 'archive' | 'signer' | 'checkpoints'>,
): SealDeps {
  const { documentClient, tableName, archive, signer, checkpoints } = options;
  return {
    source: new DynamoDbSealSource(documentClient, tableName, options.hotWindowSeconds),
    store: new DynamoDbBlockStore(documentClient, tableName),
    archive,
    signer,
    ...(checkpoints ? { checkpoints } : {}),
  };
}

/** Verifier ports over the sealer's, built on first use: trusting the signer's key means fetching it (KMS on AWS). */
export function lazyVerifyDeps(parts: SealDeps, extras: VerifyExtras = {}): () => Promise<VerifyDeps> {
  let deps: Promise<VerifyDeps> | undefined;
  return () => (deps ??= verifyDepsOver({ ...parts, ...extrasOf(extras) }));
}

/** Only the extras that are set (optional properties stay absent, not undefined). */
function extrasOf(extras: VerifyExtras): VerifyExtras {
  const { trustedKeys, archiveDeletions, hotWindowSeconds } = extras;
  return {
    ...(trustedKeys ? { trustedKeys } : {}),
    ...(archiveDeletions ? { archiveDeletions } : {}),
    ...(hotWindowSeconds === undefined ? {} : { hotWindowSeconds }),
  };
}

/** Verifier ports over the table's blocks and events and an archive, trusting the given trusted keys, else only `signer`'s key. */
export async function verifyDepsOver(
  parts: Omit<VerifyDeps, 'signatures'> & { readonly signer: BlockSigner } & VerifyExtras,
): Promise<VerifyDeps> {
  const { store, archive, source, signer } = parts;
  const trusted = await parts.trustedKeys?.();
  // The table's own source also exposes raw item keys: check item identity whenever it is the one read.
  const items = parts.items ?? (source instanceof DynamoDbSealSource ? source : undefined);
  return {
    store,
    archive,
    source,
    ...(items ? { items } : {}),
    ...(parts.archiveDeletions ? { archiveDeletions: parts.archiveDeletions } : {}),
    ...(parts.hotWindowSeconds === undefined ? {} : { hotWindowSeconds: parts.hotWindowSeconds }),
    signatures: trusted
      ? createTrustedKeyVerifier(trusted)
      : createSignatureVerifier({ [signer.keyId]: await signer.publicKeyPem() }),
  };
}

/** Verifier ports over an audit table (DynamoDB or DynamoDB Local) and the given archive and signer. */
export function verifyDepsForTable(
  options: AuditTableOptions & Pick<IntegrityAdapters, 'archive' | 'signer'> & VerifyExtras,
): Promise<VerifyDeps> {
  return verifyDepsOver({ ...sealDepsFor(options), ...extrasOf(options) });
}

/** The sealer's intervals when BLOCK_SECONDS is left out: one minute, as the design fixes. */
const DEFAULT_BLOCK_SECONDS = 60;

/**
 * Sealer timing from the environment contract, read once by an entry point (Lambda, the
 * local runtime, the verify CLI); `graceDefault` is the side's own grace (AWS or local).
 * MAX_BLOCKS_PER_RUN of 0 means no limit, as leaving it out does.
 */
export function sealerConfigOf(
  timing: EnvironmentOf<typeof SEALER_TIMING_ENVIRONMENT>,
  graceDefault: number,
): SealerConfig {
  const { MAX_BLOCKS_PER_RUN: maxBlocksPerRun } = timing;
  return {
    blockSeconds: timing.BLOCK_SECONDS ?? DEFAULT_BLOCK_SECONDS,
    graceSeconds: timing.SEAL_GRACE_SECONDS ?? graceDefault,
    ...(maxBlocksPerRun ? { maxBlocksPerRun } : {}),
  };
}
