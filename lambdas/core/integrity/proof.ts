import { contentHashOf } from '../content-hash';
import type { StoredEvent } from '../event-schema';
import { NotFoundError } from '../errors';
import { BlockSchema, computeBlockHash, type Block } from './block';
import { buildMerkleTree, hashLeaf, hexToBytes, isSha256Hex, verifyInclusion } from './merkle';
import type { BlockArchive, BlockStore } from './ports';
import { p256PublicKey, verifyBlockSignature } from './signature';

/**
 * Inclusion proofs: everything needed to show, offline and with standard tools, that one
 * event is sealed in a signed block. `block.count` is the tree size; the leaf input is the
 * 32 bytes of `contentHash`; the audit path is RFC 9162 §2.1.3.1, leaf-to-root.
 */
export interface InclusionProof {
  readonly eventId: string;
  readonly contentHash: string;
  readonly leafIndex: number;
  readonly auditPath: readonly string[];
  /** The signed block exactly as hashed, plus `blockHash` and `signature`. */
  readonly block: Block;
  readonly publicKeyPem: string;
}

/** Where proofs come from. */
export interface ProofDeps {
  readonly store: BlockStore;
  readonly archive: BlockArchive;
  /** The public key of the signer (KMS GetPublicKey, or the local key). */
  readonly publicKeyPem: () => Promise<string>;
  /** Later blocks searched for an event sealed late. @default 2 */
  readonly lateLookbackBlocks?: number;
}

/** Builds the proof for a stored event; `NotFoundError` when no block seals it (yet). */
export async function buildInclusionProof(
  deps: ProofDeps,
  event: Pick<StoredEvent, 'eventId' | 'ingestedAt'>,
): Promise<InclusionProof> {
  const seq = await findBlockSeqAt(deps.store, new Date(event.ingestedAt), deps.archive);
  if (seq === undefined) throw new NotFoundError('the event is not sealed in a block yet');
  // A late event sits in one of the blocks after its interval's.
  for (let s = seq; s <= seq + (deps.lateLookbackBlocks ?? 2); s++) {
    const archived = await deps.archive.getBlock(s);
    const leafIndex = archived?.leaves.findIndex((l) => l.eventId === event.eventId) ?? -1;
    if (!archived || leafIndex < 0) continue;
    const tree = buildMerkleTree(archived.leaves.map((l) => hexToBytes(l.contentHash)));
    const leaf = archived.leaves[leafIndex] as { contentHash: string };
    return {
      eventId: event.eventId,
      contentHash: leaf.contentHash,
      leafIndex,
      auditPath: tree.proof(leafIndex),
      block: archived.block,
      publicKeyPem: await deps.publicKeyPem(),
    };
  }
  throw new NotFoundError('the event is not sealed in a block yet');
}

/**
 * Seq of the block whose interval holds `instant` (binary search over contiguous intervals),
 * or undefined. A block missing from the table is read from the archive when one is given,
 * so one deleted table block does not hide the blocks around it (the verifier names the gap).
 */
export async function findBlockSeqAt(
  store: BlockStore,
  instant: Date,
  archive?: Pick<BlockArchive, 'getBlock'>,
): Promise<number | undefined> {
  const latest = await store.latestBlock();
  const t = instant.getTime();
  if (!latest || t >= Date.parse(latest.to)) return undefined;
  let [lo, hi] = [0, latest.seq];
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const block = (await store.getBlock(mid)) ?? (await archive?.getBlock(mid))?.block;
    if (!block) return undefined;
    if (t < Date.parse(block.from)) hi = mid - 1;
    else if (t >= Date.parse(block.to)) lo = mid + 1;
    else return mid;
  }
  return undefined;
}

/** Result of checking a proof: each problem named; none means the proof holds. */
export interface ProofCheck {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/**
 * Verifies a proof with nothing but node:crypto: block shape and hash, signature by the
 * key in the proof (or, when given, only by `trustedPublicKeyPem`), the audit path to the
 * block's root and, when the event is given, that it hashes to the proven contentHash.
 */
export function verifyInclusionProof(
  proof: InclusionProof,
  opts: { trustedPublicKeyPem?: string; event?: StoredEvent } = {},
): ProofCheck {
  const problems: string[] = [];
  const block = BlockSchema.safeParse(proof.block);
  if (!block.success) return { ok: false, problems: ['block is not a well-formed block'] };
  if (computeBlockHash(block.data) !== block.data.blockHash) problems.push('blockHash does not match the block');
  if (opts.trustedPublicKeyPem && !sameKey(opts.trustedPublicKeyPem, proof.publicKeyPem))
    problems.push('public key is not the trusted key');
  if (!verifyBlockSignature(proof.publicKeyPem, hexToBytes(block.data.blockHash), block.data.signature))
    problems.push('block signature does not verify');
  const leafOk =
    isSha256Hex(proof.contentHash) &&
    verifyInclusion(
      hashLeaf(hexToBytes(proof.contentHash)),
      proof.leafIndex,
      block.data.count,
      proof.auditPath,
      block.data.merkleRoot,
    );
  if (!leafOk) problems.push('audit path does not lead from the event to the block root');
  if (opts.event && (opts.event.eventId !== proof.eventId || contentHashOf(opts.event) !== proof.contentHash))
    problems.push('event does not hash to the proven contentHash');
  return { ok: problems.length === 0, problems };
}

function sameKey(a: string, b: string): boolean {
  try {
    const der = (pem: string) => p256PublicKey(pem).export({ type: 'spki', format: 'der' });
    return der(a).equals(der(b));
  } catch {
    return false;
  }
}
