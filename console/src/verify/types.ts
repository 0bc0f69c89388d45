/** What an in-browser verification reports: each step checked, in order, and the signing key's fingerprint. */

/** The steps, in the order they run; the last two only when a checkpoint or a log proof is given. */
export type VerifyStepId =
  'content-hash' | 'audit-path' | 'block-hash' | 'signature' | 'key' | 'checkpoint' | 'log-inclusion';

/** One step: what it checks, whether it held, and the values that show why. */
export interface VerifyStep {
  readonly id: VerifyStepId;
  readonly label: string;
  /**
   * True only when the step holds and every earlier step held: a step that holds on its own
   * after an earlier failure is reported false, "not established", so nothing shows green
   * on a link an earlier step broke. The first false step is the one that failed.
   */
  readonly ok: boolean;
  readonly detail: string;
}

/** The verdict: `ok` when every step holds. */
export interface VerifyResult {
  readonly ok: boolean;
  readonly steps: readonly VerifyStep[];
  /** SHA-256 of the SPKI DER (hex) of the trusted key the block's signature verifies with. */
  readonly keyFingerprint?: string;
}

/** What else the console may pass: a signed checkpoint note (C2SP tlog-checkpoint) to anchor a log proof. */
export interface VerifyOptions {
  /** The note text, or `GET /v1/checkpoints/latest`'s answer `{note, ...}`. */
  readonly checkpoint?: string | { readonly note: string };
}
