/**
 * RFC 9162 §2.1 hashing and audit-path verification, in WebCrypto: leaf =
 * SHA-256(0x00 ‖ input), node = SHA-256(0x01 ‖ left ‖ right). The prefixes keep a leaf
 * from ever passing for an interior node (second-preimage resistance).
 */
import { concatBytes, hexToBytes, isSha256Hex, sha256, type Bytes } from './bytes';

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/** RFC 9162 leaf hash of a leaf input. */
export function leafHash(input: Uint8Array): Promise<Bytes> {
  return sha256(concatBytes(LEAF_PREFIX, input));
}

/** RFC 9162 interior node hash. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Bytes> {
  return sha256(concatBytes(NODE_PREFIX, left, right));
}

/** The root an audit path leads to, or why it leads nowhere. */
export type PathResult = { readonly root: Bytes } | { readonly problem: string };

/**
 * RFC 9162 §2.1.3.2: the root that `auditPath` (hex, leaf to root) gives for leaf hash
 * `leaf` at `leafIndex` in a tree of `treeSize` leaves. The caller compares it with the
 * root it trusts; a path of the wrong length for the index and size is a problem.
 */
export async function rootFromAuditPath(
  leaf: Bytes,
  leafIndex: number,
  treeSize: number,
  auditPath: readonly unknown[],
): Promise<PathResult> {
  if (!Number.isSafeInteger(treeSize) || treeSize < 1)
    return { problem: `tree size ${String(treeSize)} holds no leaf` };
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize)
    return { problem: `leaf index ${String(leafIndex)} is outside a tree of ${treeSize} leaves` };
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const [i, node] of auditPath.entries()) {
    if (sn === 0) return { problem: `the path has ${auditPath.length} nodes, more than the tree needs` };
    if (!isSha256Hex(node)) return { problem: `path node ${i} is not a SHA-256 hex digest` };
    const sibling = hexToBytes(node);
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(sibling, r);
      // Levels where this node had no sibling and was promoted unchanged add nothing.
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await nodeHash(r, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return { problem: `the path has ${auditPath.length} nodes, fewer than the tree needs` };
  return { root: r };
}
