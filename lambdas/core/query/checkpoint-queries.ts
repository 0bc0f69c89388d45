import '../zod-messages';
import * as z from 'zod/mini';
import { NotFoundError, ValidationError } from '../errors';
import { readCheckpointClaim } from '../integrity/checkpoint';
import { consistencyProof } from '../integrity/consistency';
import { archivedLogNodes, type MemoryLogNodes } from '../integrity/log-nodes';
import { rangeHash } from '../integrity/log-tree';
import type { BlockArchive, CheckpointLog } from '../integrity/ports';
import { zodDetails, type QueryStringParameters } from '../parse-request';
import type { Caller } from '../ports';
import type { ReadAuditor } from './read-audit';

/**
 * `GET /v1/checkpoints/latest` and `GET /v1/checkpoints/consistency?from&to`: the newest
 * signed checkpoint, and the RFC 9162 consistency proof between two tree sizes, which an
 * auditor checks against the checkpoint they kept and the newest one. Reads are audited.
 */

const treeSize = z.pipe(
  z.string().check(z.regex(/^[1-9][0-9]{0,15}$/, 'must be a positive whole number')),
  z.transform((s: string) => Number(s)),
);
/** `?from&to` of `GET /v1/checkpoints/consistency`: two tree sizes. */
export const ConsistencyParamsSchema = z.strictObject({ from: treeSize, to: treeSize });

/** The newest checkpoint: the note to keep, and what it states. */
export interface LatestCheckpoint {
  readonly note: string;
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: string;
}

/** A consistency proof between two tree sizes (RFC 9162 §2.1.4), hex, and the roots the log has at both. */
export interface ConsistencyResponse {
  readonly from: number;
  readonly to: number;
  readonly fromRoot: string;
  readonly toRoot: string;
  readonly proof: readonly string[];
}

/** What the checkpoint routes read: the published checkpoints and the archive's leaves. */
export interface CheckpointQueryDeps {
  readonly published?: CheckpointLog;
  readonly archive: BlockArchive;
  readonly auditor: Pick<ReadAuditor, 'record'>;
}

/** The checkpoint routes' use cases. */
export class CheckpointQueries {
  constructor(private readonly deps: CheckpointQueryDeps) {}

  /** The newest published checkpoint; NotFoundError before the first. */
  async latest(caller: Caller): Promise<LatestCheckpoint> {
    const note = await this.deps.published?.latest();
    const claim = note === undefined ? undefined : readCheckpointClaim(note);
    if (note === undefined || !claim) throw new NotFoundError('no checkpoint has been published yet');
    await this.deps.auditor.record('audit.read', caller, {
      route: 'GET /v1/checkpoints/latest',
      query: {},
      resultCount: 1,
    });
    return { note, origin: claim.origin, treeSize: claim.treeSize, rootHash: claim.rootHex };
  }

  /** The proof that the log at `to` extends the log at `from`; NotFoundError when the log is shorter than `to`. */
  async consistency(params: QueryStringParameters, caller: Caller): Promise<ConsistencyResponse> {
    const parsed = ConsistencyParamsSchema.safeParse(params ?? {});
    if (!parsed.success) throw new ValidationError('the query parameters are not valid', zodDetails(parsed.error, ''));
    const { from, to } = parsed.data;
    if (from > to)
      throw new ValidationError('from must not exceed to', [{ path: 'from', message: 'must not exceed to' }]);
    const nodes = await this.logUpTo(to);
    const proof = await consistencyProof(nodes, from, to);
    const response = { from, to, fromRoot: await rootAt(nodes, from), toRoot: await rootAt(nodes, to), proof };
    await this.deps.auditor.record('audit.read', caller, {
      route: 'GET /v1/checkpoints/consistency',
      query: { from: String(from), to: String(to) },
      resultCount: proof.length,
    });
    return response;
  }

  /** The log's nodes up to `size` leaves; NotFoundError when the log is shorter. */
  private async logUpTo(size: number): Promise<MemoryLogNodes> {
    const nodes = await archivedLogNodes(this.deps.archive, size);
    if (!nodes) throw new NotFoundError(`the log holds fewer than ${size} leaves`);
    return nodes;
  }
}

/** The root of the log's first `size` leaves. */
async function rootAt(nodes: MemoryLogNodes, size: number): Promise<string> {
  return (await rangeHash(nodes, 0, size)).toString('hex');
}
