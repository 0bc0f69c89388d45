import { canonicalHash } from './canonical';
import type { AuditEvent, StoredEvent } from './event-schema';

/**
 * The integrity hash of an event, defined once: the writer stamps it, the sealer hashes it
 * into a block's Merkle tree, and the verifier and inclusion proofs recompute it. Anyone
 * with a JCS library and SHA-256 can recompute it from an exported event alone.
 */

/** `contentHash`: SHA-256 hex of the RFC 8785 form of the event without `contentHash`. */
export function contentHashOf(event: AuditEvent | StoredEvent): string {
  const { contentHash: _ignored, ...content } = event as StoredEvent;
  return canonicalHash(content);
}
