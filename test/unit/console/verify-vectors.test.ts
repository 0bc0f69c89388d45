import { describe, expect, it } from '@jest/globals';
import { createHash, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { buildMerkleTree } from '../../../lambdas/core/integrity/merkle';
import { bytesToHex, hexToBytes, sha256, utf8 } from '../../../console/src/verify/bytes';
import { derToP1363 } from '../../../console/src/verify/der';
import { canonicalJson } from '../../../console/src/verify/jcs';
import { keyFingerprint } from '../../../console/src/verify/keys';
import { leafHash, rootFromAuditPath } from '../../../console/src/verify/merkle';

/**
 * The console's own RFC 8785, RFC 9162 and DER code against published vectors (RFC 8785's
 * sample, independently computed contentHashes, transparency-dev's Merkle roots and
 * inclusion proofs, the same files as ../shared/test-vectors) and against the server's
 * implementations on generated input.
 */

const load = <T>(path: string): T =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8')) as T;
const contentVectors = load<{
  events: { event: unknown; canonical: string; contentHash: string }[];
  rfc8785Example: { input: string; canonical: string };
}>('content-hash-vectors.json');
const roots = load<{ leafInputsHex: string[]; rootHashes: string[]; emptyTreeRoot: string }>(
  'integrity/rfc6962-merkle.json',
);
const proofs = load<{ inclusionProofs: { leafIndex: number; treeSize: number; auditPath: string[] }[] }>(
  'integrity/transparency-dev-inclusion-proofs.json',
);

const sha256Hex = async (text: string) => bytesToHex(await sha256(utf8(text)));

describe('RFC 8785 in the console', () => {
  it('canonicalises the RFC 8785 sample exactly', () => {
    expect(canonicalJson(JSON.parse(contentVectors.rfc8785Example.input))).toBe(
      contentVectors.rfc8785Example.canonical,
    );
  });

  it.each(contentVectors.events.map((v, i) => [i, v] as const))(
    'gives vector %i its canonical form and contentHash',
    async (_i, v) => {
      const canonical = canonicalJson(v.event);
      expect(canonical).toBe(v.canonical);
      expect(await sha256Hex(canonical)).toBe(v.contentHash);
    },
  );

  it('agrees with the server canonicaliser on generated JSON, lone surrogates refused by both', () => {
    const outcome = (f: () => string | undefined) => {
      try {
        return f();
      } catch {
        return 'refused';
      }
    };
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 6 }), (value) => {
        expect(outcome(() => canonicalJson(value))).toBe(outcome(() => canonicalize(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('writes numbers in the shortest ECMAScript form and -0 as 0', () => {
    expect(canonicalJson([1e21, 1e-7, 0.1 + 0.2, -0, 100, 4.5])).toBe('[1e+21,1e-7,0.30000000000000004,0,100,4.5]');
  });

  it('refuses values with no JSON form and nesting beyond any stored event', () => {
    const deep = Array.from({ length: 150 }).reduce<unknown>((inner) => [inner], 1);
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
    expect(() => canonicalJson(deep)).toThrow(/nested deeper than 100 levels/);
  });
});

describe('RFC 9162 audit paths in the console', () => {
  const inputs = roots.leafInputsHex.map(hexToBytes);

  it('gives the empty tree and one-leaf roots of the vectors', async () => {
    expect(bytesToHex(await sha256(new Uint8Array(0)))).toBe(roots.emptyTreeRoot);
    expect(bytesToHex(await leafHash(inputs[0] as Uint8Array))).toBe(roots.rootHashes[0]);
  });

  it.each(proofs.inclusionProofs.map((p) => [p.leafIndex, p.treeSize, p] as const))(
    'leads leaf %i of %i along the reference path to the reference root',
    async (_i, _n, p) => {
      const result = await rootFromAuditPath(
        await leafHash(inputs[p.leafIndex] as Uint8Array),
        p.leafIndex,
        p.treeSize,
        p.auditPath,
      );
      expect('root' in result && bytesToHex(result.root)).toBe(roots.rootHashes[p.treeSize - 1]);
    },
  );

  it('does not reach the reference root after any corruption of a path', async () => {
    const p = proofs.inclusionProofs.find((x) => x.treeSize === 8 && x.leafIndex === 5)!;
    const leaf = await leafHash(inputs[5] as Uint8Array);
    const flipped = p.auditPath.map((n, i) => (i === 1 ? `${n.slice(0, 63)}${n.endsWith('0') ? '1' : '0'}` : n));
    const variants: [number, number, string[]][] = [
      [5, 8, flipped],
      [4, 8, p.auditPath],
      [5, 6, p.auditPath],
      [5, 8, p.auditPath.slice(1)],
      [5, 8, [...p.auditPath, p.auditPath[0] as string]],
      [5, 8, [p.auditPath[0] as string, ...p.auditPath]],
    ];
    for (const [index, size, path] of variants) {
      const result = await rootFromAuditPath(leaf, index, size, path);
      expect('root' in result ? bytesToHex(result.root) : result.problem).not.toBe(roots.rootHashes[7]);
    }
  });

  it('checks every path of the server tree for sizes 1 to 33', async () => {
    for (let size = 1; size <= 33; size++) {
      const leaves = Array.from({ length: size }, () => randomBytes(32));
      const tree = buildMerkleTree(leaves);
      for (let i = 0; i < size; i++) {
        const result = await rootFromAuditPath(await leafHash(leaves[i] as Uint8Array), i, size, tree.proof(i));
        expect('root' in result && bytesToHex(result.root)).toBe(tree.root.toString('hex'));
      }
    }
  });
});

describe('signatures and keys in the console', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

  it('turns the sealer DER signatures into r ‖ s that verify as IEEE P1363, short scalars included', () => {
    for (let i = 0; i < 600; i++) {
      const message = randomBytes(32);
      const der = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
      const raw = derToP1363(der);
      expect(raw).toHaveLength(64);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
    }
  });

  it.each([
    ['a trailing byte', (d: Buffer) => Buffer.concat([d, Buffer.from([0])])],
    ['a wrong sequence tag', (d: Buffer) => Buffer.concat([Buffer.from([0x31]), d.subarray(1)])],
    ['a truncated signature', (d: Buffer) => d.subarray(0, d.length - 1)],
    ['an empty signature', () => Buffer.alloc(0)],
  ])('refuses DER with %s', (_what, change) => {
    const der = sign('sha256', randomBytes(32), { key: privateKey, dsaEncoding: 'der' });
    expect(() => derToP1363(change(der))).toThrow(TypeError);
  });

  it('fingerprints a key as SHA-256 of its SPKI DER, in any spelling', async () => {
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const expected = createHash('sha256').update(der).digest('hex');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(
      await Promise.all([
        keyFingerprint(pem),
        keyFingerprint(der.toString('base64')),
        keyFingerprint(new Uint8Array(der)),
      ]),
    ).toEqual([expected, expected, expected]);
  });
});
