/**
 * The one growing log at scale: consistency-proof generation and verification at 10 M
 * leaves, served from C2SP tiles (tiles.ts) so no proof loads the leaves. The level-8 and
 * level-16 tiles are built once in memory; level-0 tiles are recomputed from the
 * deterministic leaves on demand, as a tile store would serve them from disk or S3.
 */
import { consistencyProof, verifyConsistency } from '../lambdas/core/integrity/consistency';
import { EMPTY_FRONTIER, extendFrontier, frontierRoot, rangeHash } from '../lambdas/core/integrity/log-tree';
import { hashChildren, hashLeaf } from '../lambdas/core/integrity/merkle';
import { TILE_WIDTH, TiledLogNodes, type TileReader } from '../lambdas/core/integrity/tiles';
import { type BenchRow, median, timeIt } from './harness';

/** Leaf input `i`: 32 bytes holding `i`, cheap to regenerate. */
function leafInput(i: number): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32BE(i, 28);
  return b;
}

/** The hashes of one tree level folded up `levels` times (complete pairs only). */
function foldUp(row: Buffer[], levels: number): Buffer[] {
  let level = row;
  for (let l = 0; l < levels; l++) {
    const up: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) up.push(hashChildren(level[i] as Buffer, level[i + 1] as Buffer));
    level = up;
  }
  return level;
}

/** Leaf-hash tile `index` of a log of `size` leaves. */
function leafTile(index: number, size: number): Buffer[] {
  const row: Buffer[] = [];
  for (let i = index * TILE_WIDTH; i < Math.min(size, (index + 1) * TILE_WIDTH); i++) row.push(hashLeaf(leafInput(i)));
  return row;
}

/** Tiles of a `size`-leaf log: levels 8 and 16 precomputed, level 0 regenerated. */
function syntheticTiles(size: number): TileReader {
  const level8: Buffer[] = [];
  for (let t = 0; t * TILE_WIDTH < size; t++) level8.push(...foldUp(leafTile(t, size), 8));
  const level16 = foldUp(level8, 8);
  const rows = [undefined, level8, level16];
  return {
    async readTile(level, index) {
      const row =
        level === 0 ? leafTile(index, size) : (rows[level] ?? []).slice(index * TILE_WIDTH, (index + 1) * TILE_WIDTH);
      return Buffer.concat(row);
    },
  };
}

/** Proof generation (cold tile cache each time) and verification between random sizes of a 10 M-leaf log. */
export async function benchLogProofs(size = 10_000_000, samples = 50): Promise<BenchRow[]> {
  const reader = syntheticTiles(size);
  const full = new TiledLogNodes(size, reader);
  const root = (await rangeHash(full, 0, size)).toString('hex');
  const generate: number[] = [];
  const check: number[] = [];
  for (let s = 0; s < samples; s++) {
    const m = 1 + Math.floor((s * 7_919_993) % (size - 1));
    const nodes = new TiledLogNodes(size, reader);
    let proof: string[] = [];
    generate.push(await timeIt(1, async () => (proof = await consistencyProof(nodes, m, size))));
    const oldRoot = (await rangeHash(nodes, 0, m)).toString('hex');
    check.push(
      await timeIt(1, () => {
        if (!verifyConsistency(m, size, proof, oldRoot, root)) throw new Error(`proof ${m} → ${size} failed`);
      }),
    );
  }
  // Baseline: extending the sealer's frontier by one minute's 20 000 leaves, the sealer's own log cost.
  const frontier = extendFrontier(
    EMPTY_FRONTIER,
    Array.from({ length: size % 1000 }, (_, i) => leafInput(i)),
  );
  const extend = await timeIt(1, () =>
    frontierRoot(
      extendFrontier(
        frontier,
        Array.from({ length: 20_000 }, (_, i) => leafInput(i)),
      ),
    ),
  );
  return [
    {
      name: `Consistency proof, generate (${size / 1e6} M leaves, tiles)`,
      value: median(generate),
      unit: 'ms',
      target: '≤ 10 ms',
    },
    { name: `Consistency proof, verify (${size / 1e6} M leaves)`, value: median(check), unit: 'ms', target: '≤ 10 ms' },
    { name: 'Frontier: extend by 20 000 leaves + root', value: extend, unit: 'ms' },
  ];
}
