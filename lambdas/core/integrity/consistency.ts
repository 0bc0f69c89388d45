import { hashChildren, hexToBytes, isSha256Hex } from './merkle';
import { rangeHash, splitPoint, type LogNodeSource } from './log-tree';

/**
 * RFC 9162 §2.1.4 consistency proofs: that the log's first `first` leaves are exactly the
 * tree someone signed at size `first`, inside the tree of size `second`. An auditor who
 * kept a checkpoint asks for one against today's checkpoint; any truncation or rewrite of
 * a leaf before the kept size makes it impossible to produce.
 */

/** SUBPROOF(m, D[0:n], true) of RFC 9162 §2.1.4.1, hex, over the source's first `second` leaves. */
export async function consistencyProof(source: LogNodeSource, first: number, second: number): Promise<string[]> {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 1 || first > second)
    throw new RangeError('need 0 < first <= second');
  if (second > source.size) throw new RangeError('second tree size exceeds the log');
  const proof: Buffer[] = [];
  let [start, end, m, whole] = [0, second, first, true];
  // Iterative SUBPROOF: descend, collecting the sibling of each step; the RFC appends them
  // on the way back up, so they are reversed at the end.
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      proof.push(await rangeHash(source, start + k, end));
      end = start + k;
    } else {
      proof.push(await rangeHash(source, start, start + k));
      start += k;
      m -= k;
      whole = false;
    }
  }
  // m == n: the subtree itself is in the proof unless it is the whole old tree.
  if (!whole) proof.push(await rangeHash(source, start, end));
  return proof.reverse().map((h) => h.toString('hex'));
}

/** Both roots as bytes, or undefined when either is not a SHA-256 hex string. */
function rootBytes(a: Uint8Array | string, b: Uint8Array | string): [Buffer, Buffer] | undefined {
  const one = (r: Uint8Array | string): Buffer | undefined =>
    typeof r === 'string' ? (isSha256Hex(r) ? hexToBytes(r) : undefined) : r.length === 32 ? Buffer.from(r) : undefined;
  const [x, y] = [one(a), one(b)];
  return x && y ? [x, y] : undefined;
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show the tree of size `second` with root `secondRoot`
 * extends the tree of size `first` with root `firstRoot`? Never throws; malformed is false.
 */
export function verifyConsistency(
  first: number,
  second: number,
  proof: readonly string[],
  firstRoot: Uint8Array | string,
  secondRoot: Uint8Array | string,
): boolean {
  const roots = rootBytes(firstRoot, secondRoot);
  if (!roots || !Number.isSafeInteger(first) || !Number.isSafeInteger(second)) return false;
  if (first < 1 || first > second || !proof.every(isSha256Hex)) return false;
  const [r1, r2] = roots;
  if (first === second) return proof.length === 0 && r1.equals(r2);
  if (proof.length === 0) return false;
  const path = proof.map(hexToBytes);
  // A first tree that is a complete subtree is its own root, left implicit in the proof.
  if (Number.isInteger(Math.log2(first))) path.unshift(r1);
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) [fn, sn] = [(fn - 1) / 2, Math.floor(sn / 2)];
  let fr = path[0] as Buffer;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else {
      sr = hashChildren(sr, c);
    }
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  return sn === 0 && fr.equals(r1) && sr.equals(r2);
}
