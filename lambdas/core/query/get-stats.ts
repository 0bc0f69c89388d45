import type { QueryStringParameters } from '../parse-request';
import type { Caller } from '../ports';
import type { Stats } from './api-schemas';
import { matchingEvents } from './matching-events';
import { Tally, parsePeriod } from './period';
import type { EventIndexReader } from './ports';
import type { ReadAuditor } from './read-audit';
import type { SearchFilters } from './search-query';
import { planAcrossTiers, type ArchiveTier } from './tiered-plan';

/** What the stats use case needs. */
export interface StatsDependencies {
  readonly reader: EventIndexReader;
  readonly auditor: ReadAuditor;
  readonly now?: () => Date;
  /** Where periods older than the hot window are read. @default none: the table only */
  readonly archive?: ArchiveTier;
}

const HOUR_MS = 3_600_000;
const TOP_ACTORS = 10;
const PAGE = 1000;

/** Counts over a period (default: the last 7 days, at most 92). */
export class GetStats {
  constructor(private readonly deps: StatsDependencies) {}

  /** The stats for `?from&to`. */
  async execute(params: QueryStringParameters, caller: Caller): Promise<Stats> {
    const now = (this.deps.now ?? (() => new Date()))();
    const { from, to } = parsePeriod(params, now, { defaultDays: 7, maxDays: 92 });
    const [period, failedLogins, denials, critical] = await Promise.all([
      this.tallyPeriod({ from, to }, now),
      this.count({ eventType: 'auth.login.failure', from: ago(now, 24), to: now.toISOString() }, now),
      this.count({ outcome: 'denied', from: ago(now, 24), to: now.toISOString() }, now),
      this.count({ minSeverity: 'critical', from: ago(now, 7 * 24), to: now.toISOString() }, now),
    ]);
    await this.deps.auditor.record('audit.read', caller, { route: 'GET /v1/stats', query: { from, to }, resultCount: period.total });
    return { from, to, ...period, failedLoginsLast24h: failedLogins, denialsLast24h: denials, criticalLast7d: critical };
  }

  private async tallyPeriod(filters: SearchFilters, now: Date) {
    const [category, severity, outcome, type, actors] = [new Tally(), new Tally(), new Tally(), new Tally(), new Tally()];
    for await (const e of this.walk(filters, now)) {
      category.add(e.category);
      severity.add(e.severity);
      outcome.add(e.outcome);
      type.add(e.eventType);
      actors.add(e.actor.userId);
    }
    return {
      total: type.total(),
      byCategory: category.toRecord(),
      bySeverity: severity.toRecord(),
      byOutcome: outcome.toRecord(),
      byEventType: type.toRecord(),
      topActors: actors.top(TOP_ACTORS).map(({ key, count }) => ({ userId: key, count })),
    };
  }

  private walk(filters: SearchFilters, now: Date) {
    const { archive } = this.deps;
    const plan = planAcrossTiers(filters, now, archive);
    return matchingEvents(this.deps.reader, plan, filters, { pageSize: PAGE, ...(archive ? { archive: archive.reader } : {}) });
  }

  private async count(filters: SearchFilters, now: Date): Promise<number> {
    let n = 0;
    for await (const _ of this.walk(filters, now)) n += 1;
    return n;
  }
}

function ago(now: Date, hours: number): string {
  return new Date(now.getTime() - hours * HOUR_MS).toISOString();
}
