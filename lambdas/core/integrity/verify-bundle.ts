import type { StoredEvent } from '../event-schema';
import type { Block } from './block';
import type { Finding } from './findings';
import { verifyInclusionProof, type InclusionProof } from './proof';
import { checkChainLink } from './verify-block';
import { keyTrustProblem, type TrustedKey } from './trusted-keys';

/**
 * Offline verification of an exported bundle: no AWS, no database, nothing but the file
 * and (ideally) a public key obtained separately. Accepts the NDJSON export with proofs
 * (`{"event", "proof"}` per line) or one JSON document `{events, proofs, blocks?, publicKeyPem?}`.
 */

/** One event and its proof, as found in a bundle. */
export interface BundleEntry {
  readonly event: StoredEvent;
  readonly proof: InclusionProof | null;
}

/** What the bundle verification found. */
export interface BundleReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly blocksSeen: number;
  readonly findings: readonly Finding[];
}

/** Parses either bundle form; throws a TypeError naming the line that is not a bundle entry. */
export function parseBundle(text: string): { entries: BundleEntry[]; blocks: Block[] } {
  const trimmed = text.trim();
  const single = tryDocument(trimmed);
  if (single) return single;
  const entries = trimmed
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = JSON.parse(line) as Partial<BundleEntry>;
      if (!parsed.event || parsed.proof === undefined)
        throw new TypeError(`line ${i + 1} is not an {"event", "proof"} entry`);
      return { event: parsed.event, proof: parsed.proof };
    });
  return { entries, blocks: [] };
}

function tryDocument(text: string): { entries: BundleEntry[]; blocks: Block[] } | undefined {
  try {
    const doc = JSON.parse(text) as { events?: StoredEvent[]; proofs?: (InclusionProof | null)[]; blocks?: Block[] };
    if (!Array.isArray(doc.events)) return undefined;
    const proofs = new Map(
      (doc.proofs ?? []).filter((p): p is InclusionProof => p !== null).map((p) => [p.eventId, p]),
    );
    return {
      entries: doc.events.map((event) => ({ event, proof: proofs.get(event.eventId) ?? null })),
      blocks: doc.blocks ?? [],
    };
  } catch {
    return undefined;
  }
}

/**
 * Checks every entry's proof against its event (hash, audit path, block hash, signature,
 * and — when given — that the signing key is the trusted one, or one of the trusted keys
 * valid at the block's end), and the chain links between the bundle's blocks with consecutive seqs.
 */
export function verifyBundle(
  bundle: { entries: readonly BundleEntry[]; blocks: readonly Block[] },
  trusted?: string | readonly TrustedKey[],
): BundleReport {
  const trustedPublicKeyPem = typeof trusted === 'string' ? trusted : undefined;
  const trustedKeys = typeof trusted === 'string' ? undefined : trusted;
  const findings: Finding[] = [];
  const blocks = new Map<number, Block>(bundle.blocks.map((b) => [b.seq, b]));
  for (const { event, proof } of bundle.entries) {
    const eventId = event.eventId;
    if (!proof) {
      findings.push({
        severity: 'error',
        code: 'event_unsealed',
        eventId,
        message: `event ${eventId} has no proof in the bundle (not sealed when exported)`,
      });
      continue;
    }
    const check = verifyInclusionProof(proof, { event, ...(trustedPublicKeyPem ? { trustedPublicKeyPem } : {}) });
    for (const problem of check.problems) {
      findings.push({
        severity: 'error',
        code: codeOf(problem),
        seq: proof.block.seq,
        eventId,
        message: `event ${eventId}, block ${proof.block.seq}: ${problem}`,
      });
    }
    const keyProblem = trustedKeys && keyTrustProblem(trustedKeys, proof.block, proof.publicKeyPem);
    if (keyProblem) {
      const why = `event ${eventId}, block ${proof.block.seq}: key ${proof.block.keyId} is ${keyProblem === 'unknown_key' ? 'not trusted' : 'outside its validity period'}`;
      findings.push({ severity: 'error', code: keyProblem, seq: proof.block.seq, eventId, message: why });
    }
    blocks.set(proof.block.seq, proof.block);
  }
  const ordered = [...blocks.values()].sort((a, b) => a.seq - b.seq);
  ordered.forEach((block, i) => {
    const prev = ordered[i - 1];
    if (prev && prev.seq === block.seq - 1) findings.push(...checkChainLink(prev, block));
  });
  return { ok: findings.length === 0, eventsChecked: bundle.entries.length, blocksSeen: blocks.size, findings };
}

function codeOf(problem: string): Finding['code'] {
  if (problem.startsWith('blockHash')) return 'block_hash_mismatch';
  if (problem.startsWith('block is not')) return 'block_malformed';
  if (problem.startsWith('public key')) return 'unknown_key';
  if (problem.startsWith('block signature')) return 'signature_invalid';
  if (problem.startsWith('event does not hash')) return 'event_hash_mismatch';
  return 'merkle_root_mismatch';
}
