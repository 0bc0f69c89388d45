import '../zod-messages';
import * as z from 'zod/mini';
import { LegalHoldError, ValidationError } from '../errors';
import type { StoredEvent } from '../event-schema';
import type { Caller } from '../ports';
import { zodDetails } from '../parse-request';
import type { EventIndexReader } from '../query/ports';
import { holdOn } from './legal-holds';
import { ACTOR_PERSONAL_FIELDS, actorSubjectOf, contentSubjectOf, SCANNED_CONTAINERS } from './personal-data';
import type { PrivacyAuditor } from './privacy-audit';
import type { LegalHold } from './privacy-settings';
import type { SubjectKeyStore } from './ports';
import { parseSealedValue } from './sealed-value';
import type { ArchiveTier } from '../query/tiered-plan';
import { parseSubjectId, subjectEvents } from './subject-events';

/** The erasure request body. */
export const ErasureBodySchema = z.strictObject({
  reason: z.string().check(z.minLength(1), z.maxLength(500), z.describe('why the subject\'s personal data is erased (recorded)')),
});

/** The erasure's answer. */
export interface ErasureResult {
  readonly subjectId: string;
  readonly erasedAt: string;
  /** Keys destroyed by this request: 0 when the subject had none left. */
  readonly keysDestroyed: number;
}

/** What the erasure needs. */
export interface EraseSubjectDependencies {
  readonly reader: EventIndexReader;
  /** Where events older than the table's hot window are read. @default the table only */
  readonly archive?: ArchiveTier;
  readonly keys: SubjectKeyStore;
  readonly auditor: PrivacyAuditor;
  /** The configured holds (privacy-settings.ts). */
  readonly legalHolds: readonly LegalHold[];
  readonly now?: () => Date;
}

const ROUTE = 'POST /v1/subjects/{subjectId}/erasure';

/**
 * `POST /v1/subjects/{subjectId}/erasure`: crypto-shredding. Destroys every key of the
 * subject, so each of their sealed values reads `[erased]` for ever while the stored
 * events, their hashes and proofs stay exactly as they were. Refused (and the refusal
 * recorded as `denied`) while a legal hold applies. The erasure is recorded before any key
 * is destroyed, naming the keys their stored events were sealed under.
 */
export class EraseSubject {
  private readonly now: () => Date;

  constructor(private readonly deps: EraseSubjectDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Erases `rawSubjectId` for the reason in `body`. */
  async execute(rawSubjectId: string | undefined, body: unknown, caller: Caller): Promise<ErasureResult> {
    const subjectId = parseSubjectId(rawSubjectId);
    const { reason } = parseBody(body);
    const at = this.now();
    const target = { type: 'user', id: subjectId };
    const hold = holdOn(this.deps.legalHolds, subjectId, at);
    if (hold) {
      await this.deps.auditor.record('privacy.subject.erase', caller, {
        target, outcome: 'denied', reason: 'a legal hold applies',
        metadata: { route: ROUTE, reason, legalHold: hold.id },
      });
      throw new LegalHoldError(hold);
    }
    const archive = this.deps.archive && { tier: this.deps.archive, now: at };
    const keyIds = subjectKeyIdsIn(await subjectEvents(this.deps.reader, subjectId, archive), subjectId);
    await this.deps.auditor.record('privacy.subject.erase', caller, { target, metadata: { route: ROUTE, reason, keyIds } });
    const destroyed = await this.deps.keys.eraseSubject(subjectId, at);
    return { subjectId, erasedAt: at.toISOString(), keysDestroyed: await this.destroyedNow(destroyed, at) };
  }

  // A store may name keys an earlier erasure already destroyed; only those destroyed by this
  // request (their erasure time is this one's) count, so a repeated erasure answers 0.
  private async destroyedNow(keyIds: readonly string[], at: Date): Promise<number> {
    if (keyIds.length === 0) return 0;
    const states = await this.deps.keys.keysById(keyIds);
    return [...states.values()].filter((s) => s.kind === 'erased' && Date.parse(s.erasedAt) === at.getTime()).length;
  }
}

function parseBody(body: unknown): z.infer<typeof ErasureBodySchema> {
  const parsed = ErasureBodySchema.safeParse(body);
  if (!parsed.success) throw new ValidationError('the body must be {"reason": "..."} with 1 to 500 characters; nothing was erased', zodDetails(parsed.error, ''));
  return parsed.data;
}

const MAX_DEPTH = 64;

/** The ids of the keys `subjectId`'s own values in these events were sealed under. */
export function subjectKeyIdsIn(events: readonly StoredEvent[], subjectId: string): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    if (actorSubjectOf(event) === subjectId) {
      for (const field of ACTOR_PERSONAL_FIELDS) addKeyId(ids, event.actor[field]);
    }
    if (contentSubjectOf(event) !== subjectId) continue;
    const record = event as unknown as Readonly<Record<string, unknown>>;
    for (const value of [...SCANNED_CONTAINERS.map((c) => record[c]), event.changes]) collectKeyIds(value, ids);
  }
  return [...ids].sort();
}

/** Every sealed value's key id under `root`, walked iteratively and depth-bounded. */
function collectKeyIds(root: unknown, ids: Set<string>): void {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof value === 'string') addKeyId(ids, value);
    else if (value !== null && typeof value === 'object' && depth < MAX_DEPTH) {
      for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1 });
    }
  }
}

function addKeyId(ids: Set<string>, value: unknown): void {
  const sealed = parseSealedValue(value);
  if (sealed) ids.add(sealed.keyId);
}
