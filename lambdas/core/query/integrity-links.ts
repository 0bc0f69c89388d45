import { NotFoundError } from '../errors';
import { buildInclusionProof, findBlockSeqAt, type ProofDeps } from '../integrity/proof';
import { verifyIntegrity, type VerifyDeps } from '../integrity/verifier';
import type { Finding } from '../integrity/findings';
import type { IntegrityStatus } from './api-schemas';
import type { IntegrityStatusSource, ProofSource } from './ports';

/**
 * Connects the read side to the integrity module: proofs for exports, and the verifier's
 * verdict on a period for the compliance report. The composition root passes the
 * integrity adapters in; without them exports carry no proofs and the report says
 * "not_available".
 */

/** Proofs from the integrity module; an event not sealed yet has none. */
export function proofSourceFrom(deps: ProofDeps): ProofSource {
  return {
    async proofFor(event) {
      try {
        return await buildInclusionProof(deps, event);
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
  };
}

/** Runs the verifier over the blocks whose intervals cover the period (by ingestedAt). */
export function integrityStatusFrom(deps: VerifyDeps, now: () => Date = () => new Date()): IntegrityStatusSource {
  return {
    async statusOf(from, to): Promise<IntegrityStatus> {
      const latest = await deps.store.latestBlock();
      if (!latest) return { status: 'not_sealed' };
      const fromSeq = (await findBlockSeqAt(deps.store, new Date(from))) ?? 0;
      const toSeq = ((await findBlockSeqAt(deps.store, new Date(to))) ?? latest.seq) + 1;
      const report = await verifyIntegrity(deps, { fromSeq, toSeq, now: now() });
      const errors = report.findings.filter((f) => f.severity === 'error');
      const late = report.findings.filter((f) => f.code === 'late_sealed_event');
      return {
        status: report.ok ? 'verified' : 'failed',
        blocksChecked: report.blocksChecked,
        eventsChecked: report.eventsChecked,
        findings: errors.map(({ code, seq, eventId, message }) => ({
          code, message, ...(seq === undefined ? {} : { seq }), ...(eventId === undefined ? {} : { eventId }),
        })),
        ...(late.length > 0 ? { lateSealedEvents: late.map(lateSealedEntry) } : {}),
      };
    },
  };
}

/** One late-sealed event as the compliance report lists it. */
function lateSealedEntry(f: Finding): { eventId: string; seq: number; sealDelaySeconds?: number } {
  return {
    eventId: f.eventId ?? '',
    seq: f.seq ?? 0,
    ...(f.sealDelaySeconds === undefined ? {} : { sealDelaySeconds: f.sealDelaySeconds }),
  };
}
