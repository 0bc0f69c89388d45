import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { consistencyProof } from '../../../lambdas/core/integrity/consistency';
import { MemoryLogNodes } from '../../../lambdas/core/integrity/log-nodes';
import { TILE_WIDTH, TiledLogNodes, tilePath, type TileReader } from '../../../lambdas/core/integrity/tiles';

/** Tiles cut from an in-memory log: level 8L hashes, 256 a tile. */
function tilesOver(nodes: MemoryLogNodes): TileReader {
  return {
    async readTile(level, index) {
      const hashes: Buffer[] = [];
      for (let i = index * TILE_WIDTH; i < (index + 1) * TILE_WIDTH; i++) {
        const hash = await nodes.node(level * 8, i).catch(() => undefined);
        if (!hash) break;
        hashes.push(hash);
      }
      return Buffer.concat(hashes);
    },
  };
}

describe('C2SP tlog-tiles', () => {
  it.each([
    [0, 0, 256, 'tile/0/000'],
    [1, 1234067, 256, 'tile/1/x001/x234/067'],
    [0, 5, 12, 'tile/0/005.p/12'],
    [2, 1000, 256, 'tile/2/x001/000'],
  ])('names tile level %i index %i width %i as %s', (level, index, width, path) => {
    expect(tilePath(level, index, width)).toBe(path);
  });

  it('serves the same nodes, and so the same proofs, as the whole tree', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 3000 }), fc.nat(), async (size, pick) => {
        // Prepare
        const leaves = Array.from({ length: size }, (_, i) => Buffer.from(String(i).padStart(32, '0')));
        const nodes = new MemoryLogNodes().append(leaves);
        const tiled = new TiledLogNodes(size, tilesOver(nodes));
        const m = 1 + (pick % (size - 1));
        // Act / Assess
        expect(await consistencyProof(tiled, m, size)).toEqual(await consistencyProof(nodes, m, size));
      }),
      { numRuns: 25 },
    );
  });
});
