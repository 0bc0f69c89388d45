import type { GetEvent } from '../core/get-event';
import { CheckIntegrity, GetEventProof } from '../core/query/integrity-queries';
import type { BlockArchive, BlockSigner } from '../core/integrity/ports';
import type { ProofDeps } from '../core/integrity/proof';
import type { SealDeps } from '../core/integrity/seal-block';
import type { SealerConfig } from '../core/integrity/sealer';
import { createSignatureVerifier } from '../core/integrity/signature';
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
}

/** The integrity use cases and the ports they share, built once per cold start. */
export interface IntegrityServices {
  readonly sealer: SealerConfig;
  readonly sealDeps: SealDeps;
  readonly proofDeps: ProofDeps;
  /** Verifier ports trusting the signer's key (its public key is fetched once). */
  verifyDeps(): Promise<VerifyDeps>;
  readonly getProof: GetEventProof;
  readonly checkIntegrity: CheckIntegrity;
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
  const verifyDeps = lazyVerifyDeps(sealDeps);
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
  };
}

/** The sealer's ports: the table's events and blocks, and the given archive and signer. */
export function sealDepsFor(options: AuditTableOptions & Pick<IntegrityAdapters, 'archive' | 'signer'>): SealDeps {
  const { documentClient, tableName, archive, signer } = options;
  return {
    source: new DynamoDbSealSource(documentClient, tableName),
    store: new DynamoDbBlockStore(documentClient, tableName),
    archive,
    signer,
  };
}

/** Verifier ports over the sealer's, built on first use: trusting the signer's key means fetching it (KMS on AWS). */
export function lazyVerifyDeps(parts: SealDeps): () => Promise<VerifyDeps> {
  let deps: Promise<VerifyDeps> | undefined;
  return () => (deps ??= verifyDepsOver(parts));
}

/** Verifier ports over the table's blocks and events and an archive, trusting only `signer`'s key. */
export async function verifyDepsOver(
  parts: Omit<VerifyDeps, 'signatures'> & { readonly signer: BlockSigner },
): Promise<VerifyDeps> {
  const { store, archive, source, signer } = parts;
  return {
    store,
    archive,
    source,
    signatures: createSignatureVerifier({ [signer.keyId]: await signer.publicKeyPem() }),
  };
}

/** Verifier ports over an audit table (DynamoDB or DynamoDB Local) and the given archive and signer. */
export function verifyDepsForTable(
  options: AuditTableOptions & Pick<IntegrityAdapters, 'archive' | 'signer'>,
): Promise<VerifyDeps> {
  return verifyDepsOver(sealDepsFor(options));
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
