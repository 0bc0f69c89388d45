import type { StoredEvent } from '../event-schema';
import { arrivalDelaySeconds, isLateArrival } from '../late-arrival';
import type { QueryStringParameters } from '../parse-request';
import type { Caller } from '../ports';
import type { BlindIndexKeySource } from '../privacy/ports';
import { CursorCodec, queryFingerprint } from './cursor';
import { ipFilterName, ipFilterOf } from './ip-filter';
import { matchingEvents, positionOf } from './matching-events';
import type { CursorKeySource, EventIndexReader, Position } from './ports';
import { MAX_SEARCH_DAYS, type QueryPlan } from './query-plan';
import { ReadBudget, SEARCH_READ_LIMITS, type ReadLimits } from './read-budget';
import type { ReadAuditor } from './read-audit';
import { planAcrossTiers, type ArchiveTier } from './tiered-plan';
import { parseSearchParams, type SearchFilters } from './search-query';

/** One page of results. `nextCursor` is null on the last page. */
export interface SearchPage {
  readonly events: readonly StoredEvent[];
  readonly nextCursor: string | null;
  /** The late arrivals among `events`, with their delay: derived here, beside the events, never stored. */
  readonly lateArrivals: readonly { eventId: string; delaySeconds: number }[];
}

/** What the search use case needs. */
export interface SearchDependencies {
  readonly reader: EventIndexReader;
  readonly cursorKey: CursorKeySource;
  readonly auditor: ReadAuditor;
  readonly now?: () => Date;
  /** What one request may read. @default SEARCH_READ_LIMITS */
  readonly readLimits?: ReadLimits;
  /** Where periods older than the hot window are read. @default none: the table only */
  readonly archive?: ArchiveTier;
  /** The blind index key search by `ip` hashes the address with (the ingest side's). @default none: `ip` is refused */
  readonly blindIndexKey?: BlindIndexKeySource;
}

/** `GET /v1/events`: filtered, newest-first, cursor-paginated search, itself audited. */
export class SearchEvents {
  private readonly now: () => Date;
  private codec: Promise<CursorCodec> | undefined;

  constructor(private readonly deps: SearchDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  /** One page for the query-string `params`; bad parameters or cursors are a ValidationError. */
  async execute(params: QueryStringParameters, caller: Caller): Promise<SearchPage> {
    const { filters: asked, limit, cursor, ip } = parseSearchParams(params);
    const filters = ip === undefined ? asked : { ...asked, ip: await ipFilterOf(ip, this.deps.blindIndexKey) };
    const recorded = recordedFilters(filters);
    const fingerprint = queryFingerprint({ filters: recorded, limit });
    const codec = await this.cursorCodec();
    const before = cursor === undefined ? undefined : codec.open(cursor, fingerprint);
    const plan = planAcrossTiers(filters, this.now(), this.deps.archive, MAX_SEARCH_DAYS);
    const budget = new ReadBudget(this.deps.readLimits ?? SEARCH_READ_LIMITS);
    // The read's audit record is written while the read runs (it needs only the query), so
    // it adds no latency; if it fails, the whole call fails and nothing is returned.
    const [events] = await Promise.all([
      this.readPage(plan, filters, limit, before, budget),
      this.deps.auditor.record('audit.read', caller, {
        route: 'GET /v1/events',
        query: { ...recorded, limit, continued: cursor !== undefined, index: plan.index },
      }),
    ]);
    const page = events.slice(0, limit);
    const last = page.at(-1);
    // A walk cut short by the read budget answers with what it found and where to go on.
    const next = events.length > limit && last ? positionOf(last) : budget.resumeBefore;
    const lateArrivals = page.filter(isLateArrival).map((e) => ({ eventId: e.eventId, delaySeconds: arrivalDelaySeconds(e) }));
    return { events: page, nextCursor: next ? codec.seal(fingerprint, next) : null, lateArrivals };
  }

  /** Up to limit + 1 events: one row past the page tells whether another page exists. */
  private async readPage(
    plan: QueryPlan,
    filters: SearchFilters,
    limit: number,
    before: Position | undefined,
    budget: ReadBudget,
  ): Promise<StoredEvent[]> {
    const rows = matchingEvents(this.deps.reader, plan, filters, { pageSize: limit + 1, budget, ...(before ? { before } : {}), ...this.archiveReader() });
    const events: StoredEvent[] = [];
    for await (const event of rows) {
      events.push(event);
      if (events.length > limit) break;
    }
    return events;
  }

  private archiveReader() {
    return this.deps.archive ? { archive: this.deps.archive.reader } : {};
  }

  private cursorCodec(): Promise<CursorCodec> {
    // Cached per cold start; a failed key fetch is retried on the next request.
    this.codec ??= this.deps.cursorKey().then(
      (key) => new CursorCodec(key, this.now),
      (error: unknown) => {
        this.codec = undefined;
        throw error;
      },
    );
    return this.codec;
  }
}

/**
 * The filters as the read's record and the cursor fingerprint hold them: a source address
 * by its blind name (`ipBlind`), never the address itself.
 */
function recordedFilters(filters: SearchFilters): Record<string, unknown> {
  const { ip, ...rest } = filters;
  return ip ? { ...rest, ipBlind: ipFilterName(ip) } : rest;
}
