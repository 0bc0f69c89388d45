import { EMPTY_TREE_ROOT, hashChildren, hashLeaf, hexToBytes, isSha256Hex } from './merkle';

/**
 * The one growing log: an RFC 9162 Merkle tree over every leaf of every block, in seal
 * order (block by block, each block's leaves in its own order). Leaf hashes are the same
 * as inside a block (`H(0x00 ‖ contentHash)`), so a block's leaves are a contiguous range
 * of the log.
 *
 * The sealer never re-reads history to extend it: it keeps the log's *frontier* (the
 * compact range `[0, size)` of RFC 9162 / transparency-dev): the hashes of the complete
 * subtrees that the binary form of `size` decomposes into, largest (leftmost) first.
 * Appending a leaf merges equal-sized subtrees like a binary counter, O(log n).
 */

/** The right edge of the log after `size` leaves: one subtree hash per set bit of `size`. */
export interface Frontier {
  readonly size: number;
  /** Hex hashes of the complete subtrees, leftmost (largest) first. */
  readonly hashes: readonly string[];
}

/** The frontier of the empty log. */
export const EMPTY_FRONTIER: Frontier = { size: 0, hashes: [] };

/** Number of set bits: how many subtree hashes a frontier of `size` holds. */
function popcount(size: number): number {
  let bits = 0;
  for (let n = size; n > 0; n = Math.floor(n / 2)) bits += n % 2;
  return bits;
}

/** True when the frontier's shape fits its size (one 32-byte hash per set bit). */
export function isWellFormedFrontier(frontier: Frontier): boolean {
  return (
    Number.isSafeInteger(frontier.size) &&
    frontier.size >= 0 &&
    Array.isArray(frontier.hashes) &&
    frontier.hashes.length === popcount(frontier.size) &&
    frontier.hashes.every(isSha256Hex)
  );
}

/** The frontier after appending leaves (their RFC 9162 leaf inputs: the 32 bytes of each contentHash). */
export function extendFrontier(frontier: Frontier, leafInputs: readonly Uint8Array[]): Frontier {
  const stack: Buffer[] = frontier.hashes.map(hexToBytes);
  let size = frontier.size;
  for (const input of leafInputs) {
    let node = hashLeaf(input);
    // Each trailing one bit of the old size is a complete subtree of the new node's height: merge.
    for (let n = size; n % 2 === 1; n = (n - 1) / 2) node = hashChildren(stack.pop() as Buffer, node);
    stack.push(node);
    size += 1;
  }
  return { size, hashes: stack.map((h) => h.toString('hex')) };
}

/** The Merkle Tree Hash (RFC 9162 §2.1.1) of the log the frontier describes, hex. */
export function frontierRoot(frontier: Frontier): string {
  const hashes = frontier.hashes;
  if (hashes.length === 0) return EMPTY_TREE_ROOT.toString('hex');
  let root = hexToBytes(hashes[hashes.length - 1] as string);
  for (let i = hashes.length - 2; i >= 0; i--) root = hashChildren(hexToBytes(hashes[i] as string), root);
  return root.toString('hex');
}

/**
 * Where the log's stored hashes come from: the hash of the complete subtree of `2^level`
 * leaves starting at leaf `index·2^level`. Served from tiles, an archive, or memory.
 */
export interface LogNodeSource {
  /** The log's size: every node asked for lies inside `[0, size)`. */
  readonly size: number;
  node(level: number, index: number): Promise<Buffer>;
}

/** Largest power of two strictly below `n` (n ≥ 2): RFC 9162's split point. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH of leaves `[start, end)`, where `start` is a multiple of the largest power of two ≤ end − start. */
export async function rangeHash(source: LogNodeSource, start: number, end: number): Promise<Buffer> {
  const width = end - start;
  if (width <= 0) return Buffer.from(EMPTY_TREE_ROOT);
  const level = Math.log2(width);
  if (Number.isInteger(level)) return source.node(level, start / width);
  const k = splitPoint(width);
  return hashChildren(await rangeHash(source, start, start + k), await rangeHash(source, start + k, end));
}

/**
 * RFC 9162 §2.1.3.1 audit path of leaf `index` in the log's first `treeSize` leaves (any
 * tree size up to the source's), leaf-to-root order, hex; `verifyInclusion` checks it.
 */
export async function logInclusionProof(source: LogNodeSource, index: number, treeSize: number): Promise<string[]> {
  if (!Number.isSafeInteger(treeSize) || treeSize < 1 || treeSize > source.size)
    throw new RangeError('tree size out of range');
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) throw new RangeError('leaf index out of range');
  const path: Buffer[] = [];
  let [start, end, m] = [0, treeSize, index];
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      path.push(await rangeHash(source, start + k, end));
      end = start + k;
    } else {
      path.push(await rangeHash(source, start, start + k));
      start += k;
      m -= k;
    }
  }
  return path.reverse().map((h) => h.toString('hex'));
}
