import type { RoleRouteKey } from '../api/routes';
import type { IngestEvents } from '../ingest-events';
import type { Caller } from '../ports';

/** What an auditor's call did, as recorded in its `audit.read` / `audit.export` event. */
export interface ReadRecord {
  /** The route read, named as in the route table: only reader routes are recorded reads. */
  readonly route: RoleRouteKey<'reader'>;
  /** The query that was run: normalised filters and paging, never a cursor's content. */
  readonly query: Readonly<Record<string, unknown>>;
  /** Omitted where the record is written while the read runs (searches, single events). */
  readonly resultCount?: number;
}

const MAX_USER_ID = 256;

/**
 * Records every read of the trail as an audit event of its own, through the same ingest
 * use case as any DMIS event (validated, redacted, hashed, sealed). A read whose record
 * cannot be written fails: an unrecorded read is what this system exists to prevent.
 */
export class ReadAuditor {
  constructor(
    private readonly ingest: IngestEvents,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Writes one `audit.read` or `audit.export` event for `caller`. */
  async record(kind: 'audit.read' | 'audit.export', caller: Caller, record: ReadRecord): Promise<void> {
    await this.ingest.execute(
      {
        occurredAt: this.now().toISOString(),
        eventType: kind,
        actor: { userId: (caller.signedInUser ?? caller.principal).slice(0, MAX_USER_ID) || 'unknown' },
        outcome: 'success',
        metadata: {
          route: record.route,
          query: { ...record.query },
          ...(record.resultCount === undefined ? {} : { resultCount: record.resultCount }),
          // The role the signed-in user read through; `source` keeps it too.
          ...(caller.signedInUser === undefined ? {} : { principal: caller.principal }),
        },
      },
      caller,
    );
  }
}
