/**
 * In-browser verification of one event, trusting nothing the server says: the displayed
 * event (`GET /v1/events/{id}`), its proof (`GET /v1/events/{id}/proof`) and the keys
 * pinned in config.json go in; every hash is recomputed with WebCrypto and the signature is
 * checked against the pinned keys only. Never throws: malformed input is a failed step.
 */
import { asObject, checkAuditPath, checkBlockHash, checkContentHash, type StepOutcome } from './event-steps';
import { checkKeyWindow, checkSignature } from './key-steps';
import { trustedKeysOf } from './keys';
import { checkCheckpoint, checkLogInclusion } from './log-steps';
import type { VerifyOptions, VerifyResult, VerifyStep } from './types';

/** Verifies `event` against `proof` with the `trustedKeys` of config.json. */
export async function verifyEvent(
  event: unknown,
  proof: unknown,
  trustedKeys: unknown,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const keys = await trustedKeysOf(trustedKeys).catch((error: unknown) => (error as Error).message);
  const p = asObject(proof) ?? {};
  const block = asObject(p.block) ?? {};
  // The links are independent computations: run them together, report them in order.
  const [content, path, blockHash, signature, checkpoint] = await Promise.all([
    checkContentHash(event, p),
    checkAuditPath(p, block),
    checkBlockHash(block),
    checkSignature(block, keys, p.publicKeyPem),
    options.checkpoint === undefined ? undefined : checkCheckpoint(options.checkpoint, keys),
  ]);
  const outcomes: StepOutcome[] = [content, path, blockHash, signature.step, checkKeyWindow(block, signature)];
  if (checkpoint) outcomes.push(checkpoint.step);
  if (p.log !== undefined) outcomes.push(await checkLogInclusion(p, block, checkpoint?.checkpoint));
  const steps = chain(outcomes);
  const signer = signature.signers[0];
  return { ok: steps.every((s) => s.ok), steps, ...(signer ? { keyFingerprint: signer.fingerprint } : {}) };
}

/** Applies the order: once a step fails, a later step that holds on its own is not established. */
function chain(outcomes: readonly StepOutcome[]): VerifyStep[] {
  let failed: StepOutcome | undefined;
  return outcomes.map(({ holds, ...step }) => {
    if (!holds) {
      failed ??= { holds, ...step };
      return { ...step, ok: false };
    }
    if (!failed) return { ...step, ok: true };
    return {
      ...step,
      ok: false,
      detail: `not established, as the step “${failed.label}” failed (on its own: ${step.detail})`,
    };
  });
}
