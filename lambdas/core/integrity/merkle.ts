import { hash } from 'node:crypto';
import { SHA256_HEX } from '../canonical';

/**
 * RFC 9162 §2.1 Merkle Tree Hash, inclusion proofs and their verification. Byte-for-byte
 * the Certificate Transparency tree, so any CT verifier checks our proofs. Iterative and
 * Buffer-based: a level at a time, the odd node at the right end promoted unchanged,
 * which yields exactly the RFC's "split at the largest power of two below n" tree.
 */

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
const HEX_EVEN = /^(?:[0-9a-f]{2})*$/;

/** Bytes of a lowercase hex string; throws on anything else, so a typo never hashes as empty. */
export function hexToBytes(hex: string): Buffer {
  if (!HEX_EVEN.test(hex)) throw new TypeError('not lowercase hex of whole bytes');
  return Buffer.from(hex, 'hex');
}

/** True when `value` is a 32-byte SHA-256 digest in lowercase hex. */
export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

/** SHA-256 of the empty string: the root of an empty tree. */
export const EMPTY_TREE_ROOT = hash('sha256', Buffer.alloc(0), 'buffer');

// Reused input buffers: hashing is synchronous, so one scratch buffer per shape is safe and
// saves an allocation per hash (the tree's hot path).
const leafScratch = Buffer.alloc(33, 0x00);
const nodeScratch = Buffer.alloc(65, 0x01);

/** RFC 9162 leaf hash: SHA-256(0x00 ‖ input). */
export function hashLeaf(input: Uint8Array): Buffer {
  if (input.length !== 32) return hash('sha256', Buffer.concat([LEAF_PREFIX, input]), 'buffer');
  leafScratch.set(input, 1);
  return hash('sha256', leafScratch, 'buffer');
}

/** RFC 9162 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== 32 || right.length !== 32)
    return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 33);
  return hash('sha256', nodeScratch, 'buffer');
}

/** Every level of the tree, leaves first; the last level holds the root alone. */
function levelsOf(leafInputs: readonly Uint8Array[]): Buffer[][] {
  const levels: Buffer[][] = [leafInputs.map(hashLeaf)];
  let level = levels[0] as Buffer[];
  while (level.length > 1) {
    const up: Buffer[] = new Array<Buffer>(Math.ceil(level.length / 2));
    for (let i = 0; i + 1 < level.length; i += 2) {
      up[i >> 1] = hashChildren(level[i] as Buffer, level[i + 1] as Buffer);
    }
    // An unpaired right-most node moves up unchanged (it is the right subtree of size 2^k).
    if (level.length % 2 === 1) up[up.length - 1] = level[level.length - 1] as Buffer;
    levels.push(up);
    level = up;
  }
  return levels;
}

/** Merkle Tree Hash (RFC 9162 §2.1.1) of the leaf inputs, 32 bytes. */
export function merkleRoot(leafInputs: readonly Uint8Array[]): Buffer {
  if (leafInputs.length === 0) return Buffer.from(EMPTY_TREE_ROOT);
  const levels = levelsOf(leafInputs);
  return (levels[levels.length - 1] as Buffer[])[0] as Buffer;
}

/** A tree built once, to answer the root and many inclusion proofs cheaply. */
export interface MerkleTree {
  readonly size: number;
  readonly root: Buffer;
  /** Audit path (RFC 9162 §2.1.3.1) of leaf `index`, leaf-to-root order, hex. */
  proof(index: number): string[];
}

/** Builds the whole tree once. */
export function buildMerkleTree(leafInputs: readonly Uint8Array[]): MerkleTree {
  const size = leafInputs.length;
  if (size === 0) {
    const proof = (): string[] => {
      throw new RangeError('an empty tree has no leaves');
    };
    return { size, root: Buffer.from(EMPTY_TREE_ROOT), proof };
  }
  const levels = levelsOf(leafInputs);
  const root = (levels[levels.length - 1] as Buffer[])[0] as Buffer;
  const proof = (index: number): string[] => {
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError('leaf index out of range');
    const path: string[] = [];
    let i = index;
    for (const level of levels.slice(0, -1)) {
      const sibling = i ^ 1;
      // No sibling: this node is promoted, so this level adds nothing to the path.
      if (sibling < level.length) path.push((level[sibling] as Buffer).toString('hex'));
      i >>= 1;
    }
    return path;
  };
  return { size, root, proof };
}

/** Audit path of leaf `index` in the tree over `leafInputs` (hex, leaf-to-root). */
export function inclusionProof(leafInputs: readonly Uint8Array[], index: number): string[] {
  return buildMerkleTree(leafInputs).proof(index);
}

/**
 * RFC 9162 §2.1.3.2: does `auditPath` prove that `leafHash` is leaf `leafIndex` of the tree
 * of `treeSize` leaves whose root is `root`? Never throws; malformed input is `false`.
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  leafIndex: number,
  treeSize: number,
  auditPath: readonly string[],
  root: Uint8Array | string,
): boolean {
  const expected = typeof root === 'string' ? (isSha256Hex(root) ? hexToBytes(root) : undefined) : root;
  if (!expected || expected.length !== 32 || leafHash.length !== 32) return false;
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize)
    return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of auditPath) {
    if (sn === 0 || !isSha256Hex(p)) return false;
    const sibling = hexToBytes(p);
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(sibling, r);
      // Skip the levels where this node was promoted without a sibling.
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = hashChildren(r, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.compare(r, expected) === 0;
}
