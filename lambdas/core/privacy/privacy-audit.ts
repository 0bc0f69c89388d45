import type { IngestEvents } from '../ingest-events';
import type { Outcome } from '../event-schema';
import type { Caller } from '../ports';

/**
 * Records every use of personal data — a clear read, a subject export, an erasure (or its
 * refusal), a retention sweep — as an audit event of its own, through the same ingest use
 * case as any DMIS event, before the result leaves the function. Like ReadAuditor, a use
 * whose record cannot be written fails. Metadata names routes, event ids, key ids and
 * counts, never a personal value.
 */

/** The event types of personal-data use (lambdas/core/catalogue.ts). */
export type PrivacyEventType = 'privacy.personal_data.read' | 'privacy.subject.export' | 'privacy.subject.erase' | 'privacy.key.expire';

/** What one recorded use says. */
export interface PrivacyRecord {
  /** The subject or event the use concerns. @default none (the retention sweep) */
  readonly target?: { readonly type: string; readonly id: string };
  readonly metadata: Readonly<Record<string, unknown>>;
  /** @default 'success' */
  readonly outcome?: Outcome;
  /** Why, in words (an erasure's stated reason, a refusal's hold). */
  readonly reason?: string;
}

const MAX_USER_ID = 256;

/** Writes the audit events of personal-data use. */
export class PrivacyAuditor {
  constructor(
    private readonly ingest: IngestEvents,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Writes one event of `type` for `caller`; returns its eventId. */
  async record(type: PrivacyEventType, caller: Caller, record: PrivacyRecord): Promise<string> {
    const [accepted] = await this.ingest.execute(
      {
        occurredAt: this.now().toISOString(),
        eventType: type,
        actor: { userId: (caller.signedInUser ?? caller.principal).slice(0, MAX_USER_ID) || 'unknown' },
        ...(record.target === undefined ? {} : { target: record.target }),
        outcome: record.outcome ?? 'success',
        ...(record.reason === undefined ? {} : { reason: record.reason }),
        metadata: {
          ...record.metadata,
          ...(caller.signedInUser === undefined ? {} : { principal: caller.principal }),
        },
      },
      caller,
    );
    return accepted?.eventId ?? '';
  }
}
