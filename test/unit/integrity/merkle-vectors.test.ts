import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  EMPTY_TREE_ROOT,
  buildMerkleTree,
  hashChildren,
  hashLeaf,
  hexToBytes,
  inclusionProof,
  merkleRoot,
  verifyInclusion,
} from '../../../lambdas/core/integrity/merkle';

interface RootVectors {
  leafInputsHex: string[];
  rootHashes: string[];
  emptyTreeRoot: string;
}
interface ProofVectors {
  leafInputsHex: string[];
  nodeHashesByLevel: string[][];
  inclusionProofs: { leafIndex: number; treeSize: number; auditPath: string[] }[];
}

const loadJson = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../fixtures/integrity/${name}`, import.meta.url), 'utf8')) as T;

const roots = loadJson<RootVectors>('rfc6962-merkle.json');
const proofs = loadJson<ProofVectors>('transparency-dev-inclusion-proofs.json');
const inputs = roots.leafInputsHex.map(hexToBytes);

describe('Merkle Tree Hash against RFC 6962 reference roots (transparency-dev/merkle)', () => {
  it('hashes the empty tree to SHA-256 of the empty string', () => {
    // Prepare / Act
    const root = merkleRoot([]);
    // Assess
    expect(root.toString('hex')).toBe(roots.emptyTreeRoot);
    expect(EMPTY_TREE_ROOT.toString('hex')).toBe(roots.emptyTreeRoot);
  });

  it.each(roots.rootHashes.map((hash, i) => [i + 1, hash] as const))(
    'matches the root of the first %i leaves',
    (n, hash) => {
      // Prepare
      const leaves = inputs.slice(0, n);
      // Act
      const root = merkleRoot(leaves);
      // Assess
      expect(root.toString('hex')).toBe(hash);
    },
  );
});

describe('leaf and node hashing against transparency-dev/merkle node hashes', () => {
  it('hashes every leaf input to the published level-0 hash', () => {
    // Prepare
    const leafInputs = proofs.leafInputsHex.map(hexToBytes);
    // Act
    const leafHashes = leafInputs.map((input) => hashLeaf(input).toString('hex'));
    // Assess
    expect(leafHashes).toEqual(proofs.nodeHashesByLevel[0]);
  });

  it('hashes every pair of children to the published parent', () => {
    // Prepare
    const levels = proofs.nodeHashesByLevel;
    // Act
    const parents = levels
      .slice(0, -1)
      .map((level) =>
        level
          .filter((_, i) => i % 2 === 0)
          .map((left, i) => hashChildren(hexToBytes(left), hexToBytes(level[2 * i + 1] ?? '')).toString('hex')),
      );
    // Assess
    expect(parents).toEqual(levels.slice(1));
  });
});

describe('inclusion proofs against transparency-dev/merkle vectors', () => {
  const leafInputs = proofs.leafInputsHex.map(hexToBytes);

  it.each(proofs.inclusionProofs)('builds the published audit path for leaf $leafIndex of $treeSize', (vector) => {
    // Prepare
    const tree = leafInputs.slice(0, vector.treeSize);
    // Act
    const path = inclusionProof(tree, vector.leafIndex);
    // Assess
    expect(path).toEqual(vector.auditPath);
  });

  it.each(proofs.inclusionProofs)('verifies the published audit path for leaf $leafIndex of $treeSize', (vector) => {
    // Prepare
    const leafHash = hashLeaf(leafInputs[vector.leafIndex] as Uint8Array);
    const root = roots.rootHashes[vector.treeSize - 1] as string;
    // Act
    const ok = verifyInclusion(leafHash, vector.leafIndex, vector.treeSize, vector.auditPath, root);
    // Assess
    expect(ok).toBe(true);
  });

  it('gives a single-leaf tree an empty path whose root is the leaf hash', () => {
    // Prepare
    const tree = buildMerkleTree([hexToBytes('00')]);
    // Act
    const ok = verifyInclusion(hashLeaf(hexToBytes('00')), 0, 1, tree.proof(0), tree.root);
    // Assess
    expect(tree.proof(0)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a proof for an index outside the tree', () => {
    // Prepare
    const root = merkleRoot(leafInputs);
    // Act
    const ok = verifyInclusion(hashLeaf(leafInputs[0] as Uint8Array), 8, 8, [], root);
    // Assess
    expect(ok).toBe(false);
  });
});
