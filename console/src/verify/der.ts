/**
 * The sealer (KMS `Sign`, or the local key) stores ECDSA signatures as DER
 * `SEQUENCE { INTEGER r, INTEGER s }`; WebCrypto verifies IEEE P1363 `r ‖ s`, each 32 bytes
 * for P-256. This converts one to the other, strictly: anything but one well-formed
 * sequence of two positive integers is refused, never guessed at.
 */
import type { Bytes } from './bytes';

const SCALAR_BYTES = 32;

/** `r ‖ s` (64 bytes) of a DER ECDSA P-256 signature; throws a TypeError on malformed DER. */
export function derToP1363(der: Uint8Array): Bytes {
  // A P-256 signature is at most 72 bytes, so every DER length here has the short form.
  if (der[0] !== 0x30 || der[1] !== der.length - 2) throw new TypeError('not a DER sequence of the right length');
  const r = readInteger(der, 2);
  const s = readInteger(der, r.next);
  if (s.next !== der.length) throw new TypeError('bytes after the two integers');
  const out = new Uint8Array(2 * SCALAR_BYTES);
  out.set(r.value, SCALAR_BYTES - r.value.length);
  out.set(s.value, 2 * SCALAR_BYTES - s.value.length);
  return out;
}

/** One DER INTEGER at `at`: its magnitude without the sign byte, and where the next item starts. */
function readInteger(der: Uint8Array, at: number): { value: Uint8Array; next: number } {
  const length = der[at + 1] ?? 0;
  if (der[at] !== 0x02 || length < 1 || length > 0x7f) throw new TypeError('not a DER integer');
  const next = at + 2 + length;
  if (next > der.length) throw new TypeError('a DER integer runs past the end');
  let value = der.subarray(at + 2, next);
  if ((value[0] ?? 0) & 0x80) throw new TypeError('a negative DER integer');
  // A leading zero is only there to keep the integer positive; more than one is not minimal DER.
  if (value[0] === 0 && value.length > 1) {
    if (((value[1] ?? 0) & 0x80) === 0) throw new TypeError('a DER integer with a needless leading zero');
    value = value.subarray(1);
  }
  if (value.length > SCALAR_BYTES) throw new TypeError('a DER integer longer than a P-256 scalar');
  return { value, next };
}
