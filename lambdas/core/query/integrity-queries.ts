import '../zod-messages';
import * as z from 'zod/mini';
import { ValidationError } from '../errors';
import type { GetEvent } from '../get-event';
import { zodDetails, type QueryStringParameters } from '../parse-request';
import type { Caller } from '../ports';
import type { ReadAuditor } from './read-audit';
import { buildInclusionProof, type InclusionProof, type ProofDeps } from '../integrity/proof';
import { logInclusion, type LogInclusion } from '../integrity/log-proof';
import type { VerifyDeps } from '../integrity/verifier';
import { verifyPeriod, type PeriodReport } from '../integrity/verify-period';

/**
 * The integrity routes' use cases: `GET /v1/events/{eventId}/proof` and
 * `GET /v1/integrity?from&to`. Both are reads of the trail, so both are recorded as
 * `audit.read` events like every other auditor read.
 */

/** The inclusion proof of one stored event. */
export class GetEventProof {
  constructor(
    private readonly deps: {
      readonly getEvent: GetEvent;
      readonly proofs: ProofDeps;
      readonly auditor: Pick<ReadAuditor, 'record'>;
    },
  ) {}

  /**
   * The proof; NotFoundError when the event does not exist or is not sealed yet. With
   * `?treeSize=N`, also its inclusion in the whole log at that size (`log`).
   */
  async execute(
    eventId: string | undefined,
    caller: Caller,
    params?: QueryStringParameters,
  ): Promise<InclusionProof & { readonly log?: LogInclusion }> {
    const query = ProofParamsSchema.safeParse(params ?? {});
    if (!query.success) throw new ValidationError('the query parameters are not valid', zodDetails(query.error, ''));
    const event = await this.deps.getEvent.execute(eventId);
    const block = await buildInclusionProof(this.deps.proofs, event);
    const { treeSize } = query.data;
    const proof = treeSize ? { ...block, log: await logInclusion(this.deps.proofs.archive, block, treeSize) } : block;
    await this.deps.auditor.record('audit.read', caller, {
      route: 'GET /v1/events/{eventId}/proof',
      query: { eventId: event.eventId },
      resultCount: 1,
    });
    return proof;
  }
}

/** `?treeSize` of `GET /v1/events/{eventId}/proof`: prove inclusion in the whole log at that size too. */
export const ProofParamsSchema = z.strictObject({
  treeSize: z.optional(
    z.pipe(
      z.string().check(z.regex(/^[1-9][0-9]{0,15}$/, 'must be a positive whole number')),
      z.transform((s: string) => Number(s)),
    ),
  ),
});

const HOUR_MS = 3_600_000;
const instant = z.pipe(
  z.iso.datetime({ offset: true }),
  z.transform((s: string) => new Date(s)),
);
/** `?from&to` of `GET /v1/integrity`. */
export const RangeParamsSchema = z.strictObject({ from: z.optional(instant), to: z.optional(instant) });

/** What the range check needs: verifier ports (built lazily: the key is fetched once) and the sealer's grace. */
export interface CheckIntegrityDeps {
  readonly verifyDeps: () => Promise<VerifyDeps>;
  readonly graceSeconds: number;
  readonly auditor: Pick<ReadAuditor, 'record'>;
  readonly now?: () => Date;
  /** Longest period one request may verify. @default 24 */
  readonly maxHours?: number;
}

/** Verification of a bounded period (default: the last hour), every finding named. */
export class CheckIntegrity {
  constructor(private readonly deps: CheckIntegrityDeps) {}

  async execute(params: QueryStringParameters, caller: Caller): Promise<PeriodReport> {
    const now = (this.deps.now ?? (() => new Date()))();
    const { from, to } = this.parse(params, now);
    const report = await verifyPeriod(await this.deps.verifyDeps(), {
      from,
      to,
      now,
      graceSeconds: this.deps.graceSeconds,
    });
    await this.deps.auditor.record('audit.read', caller, {
      route: 'GET /v1/integrity',
      query: { from: from.toISOString(), to: to.toISOString() },
      resultCount: report.findings.length,
    });
    return report;
  }

  private parse(params: QueryStringParameters, now: Date): { from: Date; to: Date } {
    const clean = Object.fromEntries(Object.entries(params ?? {}).filter(([, v]) => v !== undefined && v !== ''));
    const parsed = RangeParamsSchema.safeParse(clean);
    if (!parsed.success) throw new ValidationError('the query parameters are not valid', zodDetails(parsed.error, ''));
    const to = parsed.data.to ?? now;
    const from = parsed.data.from ?? new Date(to.getTime() - HOUR_MS);
    if (from >= to)
      throw new ValidationError('from must be before to', [{ path: 'from', message: 'must be before to' }]);
    const maxHours = this.deps.maxHours ?? 24;
    if (to.getTime() - from.getTime() > maxHours * HOUR_MS) {
      throw new ValidationError(`the period may span at most ${maxHours} hours`, [
        { path: 'from', message: 'period too long' },
      ]);
    }
    return { from, to };
  }
}
