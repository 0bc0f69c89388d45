import { DMIS_RECORD_TYPES, type DmisRecordType } from '../catalogue';
import type { StoredEvent } from '../event-schema';
import type { IntegrityStatus } from './api-schemas';
import type { ReportPeriod } from './scheduled-reports-periods';
import type { SearchFilters } from './search-query';

/** Changes of one kind of DMIS record, or by one user. */
export interface ChangeCounts {
  /** Successful creates and updates. */
  readonly creates: number;
  readonly updates: number;
  /** Create or update attempts that failed, were denied or errored. */
  readonly notSuccessful: number;
}

/** One of the records changed most often. */
export interface TouchedRecord {
  readonly recordType: string;
  readonly recordId: string;
  readonly changes: number;
  /** Distinct users who changed it. */
  readonly users: number;
  readonly lastChangedAt: string;
}

/** What the report says of one ISO week's changes to DMIS records. */
export interface WeeklyChangesReport {
  readonly kind: 'weekly-changes';
  readonly label: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly generatedAt: string;
  readonly generatedBy: string;
  readonly integrity: IntegrityStatus;
  readonly totals: ChangeCounts & { readonly events: number; readonly users: number; readonly records: number };
  /** Every DMIS record type, in catalogue order, zeros included. */
  readonly byRecordType: readonly (ChangeCounts & { readonly recordType: DmisRecordType })[];
  /** The most active users first. */
  readonly byUser: readonly (ChangeCounts & { readonly userId: string })[];
  /** The records (event targets) changed most, the most changed first. */
  readonly mostTouched: readonly TouchedRecord[];
}

/** One walk per record type: each `<record>.` prefix names its create and update types, served by the byType index. */
export const CHANGE_FILTERS: readonly Pick<SearchFilters, 'eventTypePrefix'>[] = DMIS_RECORD_TYPES.map((r) => ({ eventTypePrefix: `${r}.` }));

const MAX_USERS = 200;
const TOP_RECORDS = 20;
const ACTIONS = new Set(['create', 'update']);

interface Counter { creates: number; updates: number; notSuccessful: number }
interface RecordCounter { changes: number; users: Set<string>; lastChangedAt: string }

/** Accumulates a week's creates and updates of DMIS records, in any order. */
export class WeeklyChangesBuilder {
  private readonly types = new Map<string, Counter>(DMIS_RECORD_TYPES.map((t) => [t, zero()]));
  private readonly users = new Map<string, Counter>();
  private readonly records = new Map<string, RecordCounter>();
  private events = 0;

  constructor(private readonly period: ReportPeriod) {}

  /** Adds one event; anything but a create or update of a DMIS record type is ignored. */
  add(e: StoredEvent): void {
    const [recordType, action] = splitType(e.eventType);
    const type = this.types.get(recordType);
    if (!type || !ACTIONS.has(action)) return;
    this.events += 1;
    const user = this.users.get(e.actor.userId) ?? zero();
    this.users.set(e.actor.userId, user);
    for (const c of [type, user]) count(c, action, e.outcome === 'success');
    if (e.outcome === 'success' && e.target) this.touch(e);
  }

  /** The finished report. */
  build(meta: { generatedAt: string; generatedBy: string; integrity: IntegrityStatus }): WeeklyChangesReport {
    const byRecordType = DMIS_RECORD_TYPES.map((recordType) => ({ recordType, ...(this.types.get(recordType) as Counter) }));
    const sum = (k: keyof Counter) => byRecordType.reduce((n, t) => n + t[k], 0);
    return {
      kind: 'weekly-changes',
      label: this.period.label,
      period: { from: this.period.from, to: this.period.to },
      ...meta,
      totals: {
        events: this.events, creates: sum('creates'), updates: sum('updates'), notSuccessful: sum('notSuccessful'),
        users: this.users.size, records: this.records.size,
      },
      byRecordType,
      byUser: [...this.users]
        .map(([userId, c]) => ({ userId, ...c }))
        .sort((a, b) => b.creates + b.updates - (a.creates + a.updates) || b.notSuccessful - a.notSuccessful || compare(a.userId, b.userId))
        .slice(0, MAX_USERS),
      mostTouched: this.mostTouched(),
    };
  }

  private touch(e: StoredEvent): void {
    const target = e.target as { type: string; id: string };
    const key = `${target.type}\u0000${target.id}`;
    const r = this.records.get(key) ?? { changes: 0, users: new Set<string>(), lastChangedAt: e.occurredAt };
    r.changes += 1;
    r.users.add(e.actor.userId);
    if (e.occurredAt > r.lastChangedAt) r.lastChangedAt = e.occurredAt;
    this.records.set(key, r);
  }

  private mostTouched(): TouchedRecord[] {
    return [...this.records]
      .map(([key, r]) => {
        const at = key.indexOf('\u0000');
        return { recordType: key.slice(0, at), recordId: key.slice(at + 1), changes: r.changes, users: r.users.size, lastChangedAt: r.lastChangedAt };
      })
      .sort((a, b) => b.changes - a.changes || compare(a.recordType, b.recordType) || compare(a.recordId, b.recordId))
      .slice(0, TOP_RECORDS);
  }
}

function splitType(eventType: string): [string, string] {
  const dot = eventType.lastIndexOf('.');
  return [eventType.slice(0, dot), eventType.slice(dot + 1)];
}

function count(c: Counter, action: string, success: boolean): void {
  if (!success) c.notSuccessful += 1;
  else if (action === 'create') c.creates += 1;
  else c.updates += 1;
}

function zero(): Counter {
  return { creates: 0, updates: 0, notSuccessful: 0 };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
