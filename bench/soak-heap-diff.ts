/**
 * Compares two V8 heap snapshots (from `npm run soak -- --heap-snapshots <dir>`) by
 * constructor: objects and self size per constructor name in each, largest growth first.
 * A leak shows as one constructor whose count grows with the run's length.
 * `npx tsx bench/soak-heap-diff.ts <first.heapsnapshot> <last.heapsnapshot> [rows]`.
 */
import { readFile } from 'node:fs/promises';

interface Snapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: string[]; readonly node_types: [string[]] } };
  readonly nodes: number[];
  readonly strings: string[];
}

/** Count and self size per `type:name` of the snapshot's nodes. */
export function byConstructor(heap: Snapshot): Map<string, { count: number; bytes: number }> {
  const fields = heap.snapshot.meta.node_fields;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const types = heap.snapshot.meta.node_types[0];
  const out = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const type = types[heap.nodes[i + typeAt] as number];
    // Closures and plain objects are named by their constructor; strings by content, so lump them.
    const name = type === 'object' || type === 'closure' ? heap.strings[heap.nodes[i + nameAt] as number] : '';
    const key = `${type}:${name}`;
    const entry = out.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += heap.nodes[i + sizeAt] as number;
    out.set(key, entry);
  }
  return out;
}

async function main(): Promise<void> {
  const [firstPath, lastPath, rows = '25'] = process.argv.slice(2);
  if (!firstPath || !lastPath) throw new Error('usage: soak-heap-diff <first.heapsnapshot> <last.heapsnapshot> [rows]');
  const load = async (p: string) => byConstructor(JSON.parse(await readFile(p, 'utf8')) as Snapshot);
  const [first, last] = [await load(firstPath), await load(lastPath)];
  const growth = [...last].map(([key, l]) => {
    const f = first.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: l.count, countDelta: l.count - f.count, kbDelta: Math.round((l.bytes - f.bytes) / 1024) };
  });
  growth.sort((a, b) => b.kbDelta - a.kbDelta);
  console.log('| type:constructor | count (last) | count Δ | self size Δ KB |');
  console.log('|---|---|---|---|');
  for (const g of growth.slice(0, Number(rows))) console.log(`| ${g.key} | ${g.count} | ${g.countDelta} | ${g.kbDelta} |`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
