import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GetEvent } from '../core/get-event';
import type { IngestEvents } from '../core/ingest-events';
import { CheckIntegrity, GetEventProof } from '../core/integrity/integrity-queries';
import type { BlockArchive, BlockSigner } from '../core/integrity/ports';
import type { ProofDeps } from '../core/integrity/proof';
import type { SealDeps } from '../core/integrity/seal-block';
import type { SealerConfig } from '../core/integrity/sealer';
import { createSignatureVerifier } from '../core/integrity/signature';
import type { VerifyDeps } from '../core/integrity/verifier';
import { ReadAuditor } from '../core/query/read-audit';
import { DynamoDbBlockStore } from '../adapters/dynamodb/dynamodb-block-store';
import { DynamoDbSealSource } from '../adapters/dynamodb/dynamodb-seal-source';

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

/** Builds the integrity side over the audit table and the given archive and signer. */
export function buildIntegrityServices(
  options: IntegrityAdapters & {
    readonly documentClient: DynamoDBDocumentClient;
    readonly tableName: string;
    readonly getEvent: GetEvent;
    readonly ingestEvents: IngestEvents;
    readonly clock?: () => Date;
  },
): IntegrityServices {
  const { archive, signer, sealer } = options;
  const store = new DynamoDbBlockStore(options.documentClient, options.tableName);
  const source = new DynamoDbSealSource(options.documentClient, options.tableName);
  const proofDeps: ProofDeps = { store, archive, publicKeyPem: () => signer.publicKeyPem() };
  let verifyDeps: Promise<VerifyDeps> | undefined;
  const getVerifyDeps = () => (verifyDeps ??= verifyDepsOver({ store, archive, source, signer }));
  const auditor = new ReadAuditor(options.ingestEvents, options.clock);
  return {
    sealer,
    sealDeps: { source, store, archive, signer },
    proofDeps,
    verifyDeps: getVerifyDeps,
    getProof: new GetEventProof({ getEvent: options.getEvent, proofs: proofDeps, auditor }),
    checkIntegrity: new CheckIntegrity({
      verifyDeps: getVerifyDeps,
      graceSeconds: sealer.graceSeconds,
      auditor,
      ...(options.clock ? { now: options.clock } : {}),
    }),
  };
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
  options: Pick<IntegrityAdapters, 'archive' | 'signer'> & {
    readonly documentClient: DynamoDBDocumentClient;
    readonly tableName: string;
  },
): Promise<VerifyDeps> {
  const { documentClient, tableName, archive, signer } = options;
  const [store, source] = [
    new DynamoDbBlockStore(documentClient, tableName),
    new DynamoDbSealSource(documentClient, tableName),
  ];
  return verifyDepsOver({ store, archive, source, signer });
}

/**
 * Sealer timing from environment variables, read once by an entry point (Lambda or the
 * local runtime): BLOCK_SECONDS (default 60) and SEAL_GRACE_SECONDS (default `graceDefault`).
 */
export function sealerConfigFromEnv(env: NodeJS.ProcessEnv, graceDefault: number): SealerConfig {
  const blockSeconds = positiveInteger(env, 'BLOCK_SECONDS', 60);
  const graceSeconds = positiveInteger(env, 'SEAL_GRACE_SECONDS', graceDefault);
  const maxBlocksPerRun = env.MAX_BLOCKS_PER_RUN ? positiveInteger(env, 'MAX_BLOCKS_PER_RUN', 1) : undefined;
  return { blockSeconds, graceSeconds, ...(maxBlocksPerRun ? { maxBlocksPerRun } : {}) };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number of seconds, got ${JSON.stringify(raw)}`);
  return value;
}
