import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { consistencyProof, verifyConsistency } from '../../../lambdas/core/integrity/consistency';
import { MemoryLogNodes } from '../../../lambdas/core/integrity/log-nodes';
import {
  EMPTY_FRONTIER,
  extendFrontier,
  frontierRoot,
  logInclusionProof,
} from '../../../lambdas/core/integrity/log-tree';
import { hashLeaf, merkleRoot, verifyInclusion } from '../../../lambdas/core/integrity/merkle';

const leaves = fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 1, maxLength: 90 });
/** A log and two sizes 1 ≤ m ≤ n ≤ its length. */
const logAndSizes = leaves.chain((ls) =>
  fc
    .tuple(fc.integer({ min: 1, max: ls.length }), fc.integer({ min: 1, max: ls.length }))
    .map(([a, b]) => ({ ls, m: Math.min(a, b), n: Math.max(a, b) })),
);
const flipHexBit = (hex: string, bit: number): string => {
  const bytes = Buffer.from(hex, 'hex');
  bytes[bit >> 3] = (bytes[bit >> 3] as number) ^ (1 << (bit & 7));
  return bytes.toString('hex');
};
const rootHex = (ls: readonly Uint8Array[]): string => merkleRoot(ls).toString('hex');

describe('log tree properties', () => {
  it('a frontier extended in any number of steps has the root of the whole tree', () => {
    fc.assert(
      fc.property(logAndSizes, ({ ls, m }) => {
        const frontier = extendFrontier(extendFrontier(EMPTY_FRONTIER, ls.slice(0, m)), ls.slice(m));
        expect(frontier.size).toBe(ls.length);
        expect(frontierRoot(frontier)).toBe(rootHex(ls));
      }),
    );
  });

  it('for any m ≤ n the consistency proof verifies between the two roots', async () => {
    await fc.assert(
      fc.asyncProperty(logAndSizes, async ({ ls, m, n }) => {
        const proof = await consistencyProof(new MemoryLogNodes().append(ls), m, n);
        expect(verifyConsistency(m, n, proof, rootHex(ls.slice(0, m)), rootHex(ls.slice(0, n)))).toBe(true);
      }),
    );
  });

  it('any flipped bit in a consistency proof is rejected', async () => {
    const withFlip = logAndSizes
      .filter(({ m, n }) => m < n)
      .chain((c) => fc.tuple(fc.constant(c), fc.nat(), fc.nat({ max: 255 })));
    await fc.assert(
      fc.asyncProperty(withFlip, async ([{ ls, m, n }, at, bit]) => {
        const proof = await consistencyProof(new MemoryLogNodes().append(ls), m, n);
        const i = at % proof.length;
        const bad = proof.map((p, j) => (j === i ? flipHexBit(p, bit) : p));
        expect(verifyConsistency(m, n, bad, rootHex(ls.slice(0, m)), rootHex(ls.slice(0, n)))).toBe(false);
      }),
    );
  });

  it('an inclusion proof against any later tree size verifies', async () => {
    const withIndex = logAndSizes.chain((c) => fc.tuple(fc.constant(c), fc.nat({ max: c.m - 1 })));
    await fc.assert(
      fc.asyncProperty(withIndex, async ([{ ls, m, n }, index]) => {
        const path = await logInclusionProof(new MemoryLogNodes().append(ls), index, n);
        const leaf = hashLeaf(ls[index] as Uint8Array);
        expect(verifyInclusion(leaf, index, n, path, rootHex(ls.slice(0, n)))).toBe(true);
        expect(m).toBeLessThanOrEqual(n);
      }),
    );
  });
});
