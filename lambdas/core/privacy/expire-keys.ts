import type { Caller } from '../ports';
import type { PrivacyAuditor } from './privacy-audit';
import type { SubjectKeyStore } from './ports';

/**
 * The retention sweep: destroys the keys whose every event has passed retention, so
 * personal data is not kept longer than the events that carry it. A key is destroyed one
 * day after its `retainUntil`: the key cache at ingest only extends `retainUntil` when it
 * grows by more than a day, so the grace covers what the cache has not written yet.
 */

/** Days after `retainUntil` a key is kept. */
export const KEY_EXPIRY_GRACE_DAYS = 1;

/** Keys destroyed by one run at most, so its one record stays far below the event size limit. */
export const MAX_KEYS_PER_SWEEP = 250;

const DAY_MS = 86_400_000;

/** What one run did. */
export interface KeyExpiryResult {
  readonly sweptAt: string;
  /** Keys whose retention ended before this instant were due. */
  readonly expiredBefore: string;
  readonly keysDestroyed: number;
  readonly keyIds: readonly string[];
  /** More keys are due than one run destroys: run again. */
  readonly more: boolean;
}

/** `expirePersonalDataKeys`: one sweep, recorded as one `privacy.key.expire` event before any key is destroyed. */
export class ExpirePersonalDataKeys {
  private readonly now: () => Date;

  constructor(private readonly deps: { readonly keys: SubjectKeyStore; readonly auditor: PrivacyAuditor; readonly now?: () => Date }) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Runs one sweep for `caller` (the schedule, the local timer or the CLI). */
  async execute(caller: Caller): Promise<KeyExpiryResult> {
    const at = this.now();
    const before = new Date(at.getTime() - KEY_EXPIRY_GRACE_DAYS * DAY_MS);
    const due = await this.deps.keys.listExpired(before, MAX_KEYS_PER_SWEEP + 1);
    const batch = due.slice(0, MAX_KEYS_PER_SWEEP);
    const keyIds = batch.map((k) => k.keyId);
    const more = due.length > MAX_KEYS_PER_SWEEP;
    await this.deps.auditor.record('privacy.key.expire', caller, {
      metadata: { expiredBefore: before.toISOString(), count: keyIds.length, keyIds, more },
    });
    for (const keyId of keyIds) await this.deps.keys.destroyKey(keyId, at);
    return { sweptAt: at.toISOString(), expiredBefore: before.toISOString(), keysDestroyed: keyIds.length, keyIds, more };
  }
}
