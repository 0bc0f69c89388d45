import { canonicalJson } from '../canonical';
import { BlockSchema, GENESIS_PREV_HASH, computeBlockHash, type Block } from './block';
import { blockFinding, type Finding } from './findings';
import { hexToBytes } from './merkle';
import type { ArchivedBlock, SignatureVerifier } from './ports';

/** The two copies of one block, either possibly absent. */
export interface BlockCopies {
  readonly seq: number;
  readonly table: Block | undefined;
  readonly archived: ArchivedBlock | undefined;
}

/**
 * Compares the table and archive copies of a block and checks the header of each
 * distinct copy (shape, blockHash, key, signature). Returns the copy the rest of the run
 * uses — the archive's when well-formed, since Object Lock keeps it as written — and the findings.
 */
export function checkBlockCopies(
  copies: BlockCopies,
  signatures: SignatureVerifier,
): { block?: Block; findings: Finding[] } {
  const { seq, table, archived } = copies;
  if (!table && !archived)
    return { findings: [blockFinding('block_missing', seq, `block ${seq} is missing from table and archive`)] };
  const findings: Finding[] = [];
  if (!table)
    findings.push(blockFinding('block_missing_in_table', seq, `block ${seq} is in the archive but not in the table`));
  if (!archived)
    findings.push(blockFinding('block_missing_in_archive', seq, `block ${seq} is in the table but not in the archive`));
  const differs = table && archived && canonicalJson(table) !== canonicalJson(archived.block);
  if (differs)
    findings.push(
      blockFinding('block_differs_from_archive', seq, `table block ${seq} differs from the archived block`),
    );
  if (archived) findings.push(...checkHeader(archived.block, seq, 'archived', signatures));
  if (table && (differs || !archived)) findings.push(...checkHeader(table, seq, 'table', signatures));
  // Only a well-formed copy can be trusted for the chain and its events.
  const usable = [archived?.block, table].find(
    (b) => b !== undefined && BlockSchema.safeParse(b).success && b.seq === seq,
  );
  return usable ? { block: usable, findings } : { findings };
}

/** Shape, blockHash and signature of one copy of a block. */
function checkHeader(block: Block, seq: number, copy: string, signatures: SignatureVerifier): Finding[] {
  const parsed = BlockSchema.safeParse(block);
  if (!parsed.success || block.seq !== seq) {
    return [blockFinding('block_malformed', seq, `${copy} block ${seq} is not a well-formed block`)];
  }
  if (computeBlockHash(block) !== block.blockHash) {
    return [blockFinding('block_hash_mismatch', seq, `${copy} block ${seq}: blockHash does not match its content`)];
  }
  if (!signatures.knows(block.keyId)) {
    return [blockFinding('unknown_key', seq, `${copy} block ${seq} is signed by untrusted key ${block.keyId}`)];
  }
  if (!signatures.verify(block.keyId, hexToBytes(block.blockHash), block.signature)) {
    return [
      blockFinding('signature_invalid', seq, `${copy} block ${seq}: signature does not verify with key ${block.keyId}`),
    ];
  }
  if (signatures.validAt && !signatures.validAt(block.keyId, new Date(block.to))) {
    const why = `${copy} block ${seq} ending ${block.to} is signed by key ${block.keyId} outside its validity period`;
    return [blockFinding('key_outside_validity', seq, why)];
  }
  return [];
}

/** The link from `prev` (undefined: `block` is block 0 or its predecessor is missing) to `block`. */
export function checkChainLink(prev: Block | undefined, block: Block): Finding[] {
  const seq = block.seq;
  if (seq === 0 && block.prevBlockHash !== GENESIS_PREV_HASH) {
    return [blockFinding('chain_broken', seq, 'block 0 does not start from the genesis hash')];
  }
  if (!prev) return [];
  const findings: Finding[] = [];
  if (block.prevBlockHash !== prev.blockHash) {
    findings.push(blockFinding('chain_broken', seq, `block ${seq} does not link to block ${prev.seq}'s hash`));
  }
  if (block.from !== prev.to) {
    findings.push(
      blockFinding('interval_gap', seq, `block ${seq} starts at ${block.from}, block ${prev.seq} ended at ${prev.to}`),
    );
  }
  return findings;
}

/**
 * Tail truncation: with heartbeat blocks, every interval that ended before `sealedThrough`
 * has a block, so a last block that ends a whole interval earlier means newer ones are gone.
 */
export function checkTail(last: Block | undefined, sealedThrough: Date): Finding[] {
  if (!last)
    return [
      blockFinding(
        'blocks_missing_at_tail',
        0,
        `no blocks at all, but blocks are expected until ${sealedThrough.toISOString()}`,
      ),
    ];
  const lengthMs = Date.parse(last.to) - Date.parse(last.from);
  if (Date.parse(last.to) + lengthMs > sealedThrough.getTime()) return [];
  return [
    blockFinding(
      'blocks_missing_at_tail',
      last.seq,
      `newest block is ${last.seq} ending ${last.to}; blocks are expected until ${sealedThrough.toISOString()}`,
    ),
  ];
}
