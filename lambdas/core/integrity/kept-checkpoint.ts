import { readCheckpointClaim, verifyCheckpoint, type Checkpoint } from './checkpoint';
import type { CheckpointLog } from './ports';
import { verifyPeriod, type PeriodReport, type VerifyPeriodOptions } from './verify-period';
import type { VerifyDeps } from './verifier';

/**
 * A verifier that remembers: it checks the log against a checkpoint kept from earlier
 * (by an auditor, or by itself yesterday), so history before that checkpoint cannot be
 * truncated or rewritten unseen, even by someone who can re-sign blocks.
 */

/** A kept checkpoint that does not verify: its reason says why. */
export class CheckpointRejectedError extends Error {
  constructor(reason: string) {
    super(`kept checkpoint rejected: ${reason}`);
    this.name = 'CheckpointRejectedError';
  }
}

/** The checkpoint a note states, once one of the trusted keys (SPKI PEM) verifies it under `keyName`. */
export function openKeptCheckpoint(note: string, keyName: string, publicKeyPems: readonly string[]): Checkpoint {
  let reason = 'no trusted key given';
  for (const pem of publicKeyPems) {
    const result = verifyCheckpoint(note, keyName, pem);
    if (result.ok) return result.checkpoint;
    reason = result.reason;
  }
  throw new CheckpointRejectedError(reason);
}

/**
 * Where the daily verifier keeps the last checkpoint it verified: a store only the
 * verifier writes (a separate bucket prefix on AWS, `.local/verified/` locally), so the
 * sealer's role cannot move it back.
 */
export interface VerifiedCheckpointStore {
  read(): Promise<string | undefined>;
  write(note: string): Promise<void>;
}

/** What the remembering verifier needs besides the verifier's ports. */
export interface RememberingDeps {
  readonly verify: VerifyDeps;
  readonly published: CheckpointLog;
  readonly remembered: VerifiedCheckpointStore;
  readonly keyName: string;
  readonly publicKeyPems: readonly string[];
}

/**
 * Verifies the whole log against the remembered checkpoint (when there is one), then
 * remembers the newest published checkpoint, only after a clean run whose log reaches it.
 */
export async function verifyRemembering(
  deps: RememberingDeps,
  options: Omit<VerifyPeriodOptions, 'checkpoint' | 'from' | 'to'>,
): Promise<PeriodReport & { readonly rememberedTreeSize?: number }> {
  const kept = await deps.remembered.read();
  const checkpoint = kept === undefined ? undefined : openKeptCheckpoint(kept, deps.keyName, deps.publicKeyPems);
  // Read the newest published checkpoint before the run, so the run's log covers it.
  const newest = await deps.published.latest();
  const report = await verifyPeriod(deps.verify, { ...options, ...(checkpoint ? { checkpoint } : {}) });
  if (!report.ok || newest === undefined) return report;
  const claim = readCheckpointClaim(newest);
  const newer = claim && claim.treeSize >= (checkpoint?.treeSize ?? 0);
  if (!newer) return report;
  openKeptCheckpoint(newest, deps.keyName, deps.publicKeyPems);
  await deps.remembered.write(newest);
  return { ...report, rememberedTreeSize: claim.treeSize };
}
