import { hashChildren } from './merkle';
import type { LogNodeSource } from './log-tree';

/**
 * C2SP tlog-tiles (c2sp.org/tlog-tiles): the log's complete-subtree hashes stored as tiles
 * of height 8. A tile at tile level `L`, index `N` holds up to 256 consecutive hashes of
 * tree level `8L`, from node `256N` on; every other level is recomputed inside one tile,
 * so any node costs one tile read and at most 255 hashes. Proofs at any tree size then
 * read O(log n) tiles instead of every leaf.
 */

/** Tree levels per tile. */
export const TILE_HEIGHT = 8;
/** Hashes in a full tile. */
export const TILE_WIDTH = 1 << TILE_HEIGHT;

/** `N` as the spec writes it: groups of three digits, all but the last prefixed with `x`. */
function tileIndexPath(index: number): string {
  const digits = String(index);
  const padded = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups = padded.match(/.{3}/g) as string[];
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

/** The tile's path: `tile/<L>/<N>`, and `.p/<W>` for a partial tile of `width` hashes. */
export function tilePath(level: number, index: number, width = TILE_WIDTH): string {
  const partial = width < TILE_WIDTH ? `.p/${width}` : '';
  return `tile/${level}/${tileIndexPath(index)}${partial}`;
}

/** Reads one tile's hashes (32 bytes each, concatenated), full or as long as the log allows. */
export interface TileReader {
  readTile(level: number, index: number): Promise<Buffer>;
}

/** A node source over tiles, keeping the few most recent tiles read (a proof reads each tile once or twice). */
export class TiledLogNodes implements LogNodeSource {
  private readonly cache = new Map<string, Promise<Buffer>>();

  constructor(
    readonly size: number,
    private readonly reader: TileReader,
    private readonly cacheTiles = 64,
  ) {}

  async node(level: number, index: number): Promise<Buffer> {
    const tileLevel = Math.floor(level / TILE_HEIGHT);
    const height = level - tileLevel * TILE_HEIGHT;
    const first = index * 2 ** height;
    const tile = await this.tile(tileLevel, Math.floor(first / TILE_WIDTH));
    const offset = (first % TILE_WIDTH) * 32;
    let row: Buffer[] = [];
    for (let i = 0; i < 2 ** height; i++) row.push(tile.subarray(offset + i * 32, offset + i * 32 + 32));
    if (row.some((h) => h.length !== 32)) throw new RangeError(`no complete subtree at level ${level}, index ${index}`);
    while (row.length > 1) {
      const up: Buffer[] = [];
      for (let i = 0; i < row.length; i += 2) up.push(hashChildren(row[i] as Buffer, row[i + 1] as Buffer));
      row = up;
    }
    return row[0] as Buffer;
  }

  private tile(level: number, index: number): Promise<Buffer> {
    const key = `${level}/${index}`;
    let tile = this.cache.get(key);
    if (!tile) {
      tile = this.reader.readTile(level, index);
      this.cache.set(key, tile);
      // Oldest first in a Map: drop it once over the limit.
      if (this.cache.size > this.cacheTiles) this.cache.delete(this.cache.keys().next().value as string);
    }
    return tile;
  }
}
