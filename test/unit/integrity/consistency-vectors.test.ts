import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { consistencyProof, verifyConsistency } from '../../../lambdas/core/integrity/consistency';
import { MemoryLogNodes } from '../../../lambdas/core/integrity/log-nodes';
import { hexToBytes } from '../../../lambdas/core/integrity/merkle';

interface ConsistencyVectors {
  rootHashes: string[];
  consistencyProofs: { size1: number; size2: number; proof: string[] }[];
}
const loadJson = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../fixtures/integrity/${name}`, import.meta.url), 'utf8')) as T;

const vectors = loadJson<ConsistencyVectors>('rfc6962-consistency.json');
const inputs = loadJson<{ leafInputsHex: string[] }>('rfc6962-merkle.json').leafInputsHex.map(hexToBytes);
const rootOf = (size: number): string => vectors.rootHashes[size - 1] as string;
const flip = (hex: string): string => (parseInt(hex[0] as string, 16) ^ 1).toString(16) + hex.slice(1);
const cases = vectors.consistencyProofs.map((c) => [`${c.size1} → ${c.size2}`, c] as const);

describe('consistency proofs against transparency-dev/merkle reference values', () => {
  it.each(cases)('generates the reference proof %s', async (_name, c) => {
    // Prepare
    const nodes = new MemoryLogNodes().append(inputs);
    // Act
    const proof = c.size1 === c.size2 ? [] : await consistencyProof(nodes, c.size1, c.size2);
    // Assess
    expect(proof).toEqual(c.proof);
  });

  it.each(cases)('accepts the reference proof %s', (_name, c) => {
    expect(verifyConsistency(c.size1, c.size2, c.proof, rootOf(c.size1), rootOf(c.size2))).toBe(true);
  });

  it.each(cases)('rejects every listed corruption of %s', (_name, c) => {
    // Prepare: the corruptions the reference implementation's tests apply (sizes, roots, nodes).
    const { size1: m, size2: n, proof } = c;
    const [r1, r2] = [rootOf(m), rootOf(n)];
    const corrupted: [number, number, string[], string, string][] = [
      [m - 1, n, proof, r1, r2],
      [m + 1, n, proof, r1, r2],
      [m ^ 2, n, proof, r1, r2],
      [m, n * 2, proof, r1, r2],
      [m, Math.floor(n / 2), proof, r1, r2],
      [m, n, proof, r2 === r1 ? flip(r1) : r2, r1],
      [m, n, proof, flip(r1), r2],
      [m, n, proof, r1, flip(r2)],
      [m, n, [...proof, r1], r1, r2],
      [m, n, [r1, ...proof], r1, r2],
      ...proof.map((_, i): [number, number, string[], string, string] => [
        m,
        n,
        proof.map((p, j) => (j === i ? flip(p) : p)),
        r1,
        r2,
      ]),
      ...(proof.length > 0 ? [[m, n, proof.slice(0, -1), r1, r2] as [number, number, string[], string, string]] : []),
    ];
    // Act / Assess
    for (const [i, args] of corrupted.entries()) expect([i, verifyConsistency(...args)]).toEqual([i, false]);
  });

  it('rejects an empty proof between different sizes', () => {
    expect(verifyConsistency(2, 5, [], rootOf(2), rootOf(5))).toBe(false);
  });
});
