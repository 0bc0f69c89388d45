import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalHash } from '../canonical';
import { ValidationError } from '../errors';
import type { Position } from './ports';

/**
 * Opaque search cursors: `base64url(payload).base64url(HMAC-SHA256(key, payload))`. The
 * payload binds the position to a fingerprint of the query it came from and to an expiry,
 * so a cursor cannot be forged, edited, or replayed against a different query.
 */

/** How long a cursor stays valid. */
export const CURSOR_TTL_MS = 24 * 60 * 60 * 1000;

interface CursorPayload {
  readonly v: 1;
  /** Fingerprint of the query (filters and page size). */
  readonly f: string;
  /** Expiry, epoch milliseconds. */
  readonly x: number;
  readonly o: string;
  readonly e: string;
}

/** The fingerprint a cursor is bound to: any change of filter or limit changes it. */
export function queryFingerprint(query: unknown): string {
  return canonicalHash(query).slice(0, 32);
}

/** Signs and opens cursors with one secret key. */
export class CursorCodec {
  constructor(
    private readonly key: Uint8Array,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (key.byteLength < 32) throw new TypeError('a cursor key needs at least 32 bytes');
  }

  /** A cursor continuing `query` after `position`. */
  seal(fingerprint: string, position: Position): string {
    const payload: CursorPayload = {
      v: 1, f: fingerprint, x: this.now().getTime() + CURSOR_TTL_MS, o: position.occurredAt, e: position.eventId,
    };
    const body = Buffer.from(JSON.stringify(payload), 'utf8');
    return `${body.toString('base64url')}.${this.mac(body).toString('base64url')}`;
  }

  /** The position in a cursor issued for this very query; anything else is a ValidationError. */
  open(cursor: string, fingerprint: string): Position {
    const [body, mac, extra] = cursor.split('.');
    if (!body || !mac || extra !== undefined) throw invalid('is malformed');
    const bytes = Buffer.from(body, 'base64url');
    const expected = this.mac(bytes);
    const given = Buffer.from(mac, 'base64url');
    if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected)) throw invalid('has been altered');
    const payload = JSON.parse(bytes.toString('utf8')) as CursorPayload;
    if (payload.v !== 1 || typeof payload.o !== 'string' || typeof payload.e !== 'string') throw invalid('is malformed');
    if (payload.f !== fingerprint) throw invalid('belongs to a different query');
    if (payload.x < this.now().getTime()) throw invalid('has expired');
    return { occurredAt: payload.o, eventId: payload.e };
  }

  private mac(body: Uint8Array): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }
}

function invalid(why: string): ValidationError {
  return new ValidationError(`the cursor ${why}; start the query again without a cursor`, [
    { path: 'cursor', message: why },
  ]);
}
