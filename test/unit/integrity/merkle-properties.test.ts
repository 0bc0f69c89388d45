import fc from 'fast-check';
import { describe, it } from '@jest/globals';
import {
  buildMerkleTree,
  hashChildren,
  hashLeaf,
  merkleRoot,
  verifyInclusion,
} from '../../../lambdas/core/integrity/merkle';

/** RFC 9162 §2.1.1 written recursively, as the RFC states it: the reference for the iterative code. */
function referenceRoot(inputs: readonly Uint8Array[]): Buffer {
  if (inputs.length === 1) return hashLeaf(inputs[0] as Uint8Array);
  let k = 1;
  while (k * 2 < inputs.length) k *= 2;
  return hashChildren(referenceRoot(inputs.slice(0, k)), referenceRoot(inputs.slice(k)));
}

const leaves = fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 1, maxLength: 70 });
const treeAndIndex = leaves.chain((ls) => fc.tuple(fc.constant(ls), fc.nat({ max: ls.length - 1 })));

const flipBit = (bytes: Uint8Array, bit: number): Buffer => {
  const copy = Buffer.from(bytes);
  copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
  return copy;
};
const flipHexBit = (hex: string, bit: number): string => flipBit(Buffer.from(hex, 'hex'), bit).toString('hex');

describe('Merkle tree properties', () => {
  it('computes the same root as the recursive RFC definition', () => {
    fc.assert(fc.property(leaves, (ls) => merkleRoot(ls).equals(referenceRoot(ls))));
  });

  it('produces proofs that verify for every leaf of random trees', () => {
    fc.assert(
      fc.property(treeAndIndex, ([ls, index]) => {
        const tree = buildMerkleTree(ls);
        return verifyInclusion(hashLeaf(ls[index] as Uint8Array), index, ls.length, tree.proof(index), tree.root);
      }),
    );
  });

  it('rejects a proof after any single-bit change in the leaf', () => {
    fc.assert(
      fc.property(treeAndIndex, fc.nat({ max: 255 }), ([ls, index], bit) => {
        const tree = buildMerkleTree(ls);
        const leafHash = flipBit(hashLeaf(ls[index] as Uint8Array), bit);
        return !verifyInclusion(leafHash, index, ls.length, tree.proof(index), tree.root);
      }),
    );
  });

  it('rejects a proof after any single-bit change in the root', () => {
    fc.assert(
      fc.property(treeAndIndex, fc.nat({ max: 255 }), ([ls, index], bit) => {
        const tree = buildMerkleTree(ls);
        return !verifyInclusion(
          hashLeaf(ls[index] as Uint8Array),
          index,
          ls.length,
          tree.proof(index),
          flipBit(tree.root, bit),
        );
      }),
    );
  });

  it('rejects a proof after any single-bit change in one path element', () => {
    const withPath = treeAndIndex.filter(([ls]) => ls.length > 1);
    fc.assert(
      fc.property(withPath, fc.nat(), fc.nat({ max: 255 }), ([ls, index], which, bit) => {
        const tree = buildMerkleTree(ls);
        const path = tree.proof(index);
        const at = which % path.length;
        const forged = path.map((p, i) => (i === at ? flipHexBit(p, bit) : p));
        return !verifyInclusion(hashLeaf(ls[index] as Uint8Array), index, ls.length, forged, tree.root);
      }),
    );
  });

  it('rejects a proof after any single-bit change in the leaf index', () => {
    fc.assert(
      fc.property(treeAndIndex, fc.nat({ max: 52 }), ([ls, index], bit) => {
        const tree = buildMerkleTree(ls);
        const leafHash = hashLeaf(ls[index] as Uint8Array);
        // Two distinct leaves may hold equal inputs; the index claim is then honestly true.
        const other = Math.floor(index / 2 ** bit) % 2 === 0 ? index + 2 ** bit : index - 2 ** bit;
        const sameLeaf = other < ls.length && hashLeaf(ls[other] as Uint8Array).equals(leafHash);
        return sameLeaf || !verifyInclusion(leafHash, other, ls.length, tree.proof(index), tree.root);
      }),
    );
  });

  it('rejects a proof with an element appended or removed', () => {
    fc.assert(
      fc.property(treeAndIndex, ([ls, index]) => {
        const tree = buildMerkleTree(ls);
        const path = tree.proof(index);
        const leafHash = hashLeaf(ls[index] as Uint8Array);
        const longer = [...path, tree.root.toString('hex')];
        const shorter = path.slice(0, -1);
        return (
          !verifyInclusion(leafHash, index, ls.length, longer, tree.root) &&
          (path.length === 0 || !verifyInclusion(leafHash, index, ls.length, shorter, tree.root))
        );
      }),
    );
  });
});
