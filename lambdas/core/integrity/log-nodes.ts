import { hashChildren, hashLeaf, hexToBytes } from './merkle';
import type { LogNodeSource } from './log-tree';
import type { BlockArchive } from './ports';

/**
 * The log's complete-subtree hashes held in memory, level by level, grown leaf by leaf:
 * the node source for a log read whole from the archive (local runtime, tests, bench).
 * Level `l` holds one hash per complete run of `2^l` leaves, nothing for the right edge,
 * so every stored node is final and appending never rewrites one.
 */
export class MemoryLogNodes implements LogNodeSource {
  private readonly levels: Buffer[][] = [[]];

  /** Leaves appended so far. */
  get size(): number {
    return (this.levels[0] as Buffer[]).length;
  }

  /** Appends leaves by their RFC 9162 leaf inputs (each contentHash's 32 bytes). */
  append(leafInputs: Iterable<Uint8Array>): this {
    for (const input of leafInputs) this.appendLeafHash(hashLeaf(input));
    return this;
  }

  /** Appends one leaf by its leaf hash, completing every subtree it closes. */
  appendLeafHash(leafHash: Buffer): void {
    let node = leafHash;
    for (let level = 0; ; level++) {
      const row = (this.levels[level] ??= []);
      row.push(node);
      if (row.length % 2 === 1) return;
      node = hashChildren(row[row.length - 2] as Buffer, node);
    }
  }

  async node(level: number, index: number): Promise<Buffer> {
    const hash = this.levels[level]?.[index];
    if (!hash) throw new RangeError(`no complete subtree at level ${level}, index ${index}`);
    return hash;
  }
}

/**
 * The log's first `size` leaves read from the archive's leaf lists, block by block from
 * seq 0; undefined when the archive holds fewer (a gap stops the read rather than skip
 * a block's leaves). O(size): for a log too large to read whole, serve tiles (tiles.ts).
 */
export async function archivedLogNodes(
  archive: Pick<BlockArchive, 'listBlockSeqs' | 'getBlock'>,
  size: number,
): Promise<MemoryLogNodes | undefined> {
  const nodes = new MemoryLogNodes();
  for (const [i, seq] of (await archive.listBlockSeqs()).entries()) {
    if (nodes.size >= size || seq !== i) break;
    const archived = await archive.getBlock(seq);
    if (!archived) break;
    nodes.append(archived.leaves.map((l) => hexToBytes(l.contentHash)));
  }
  return nodes.size >= size ? nodes : undefined;
}
