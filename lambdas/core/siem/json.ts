/**
 * The JSON record: the stored event exactly as the trail holds it (every field, `contentHash`
 * included), as one line of compact JSON. A SIEM can recompute the hash: drop `contentHash`,
 * take the RFC 8785 form of the rest, SHA-256 it.
 */
import type { StoredEvent } from '../event-schema';
import { jsonLine } from './safe-text';

/** The stored event as one line of JSON text. */
export function jsonRecord(event: StoredEvent): string {
  return jsonLine(event);
}
