import type { StoredEvent } from '../event-schema';
import { sourceIpName } from '../privacy/sealed-ip';
import type { ComplianceReport, Coverage, FailureSummary, IntegrityStatus, ReportedEvent, UserActivity } from './api-schemas';
import { LateArrivalTally } from './late-arrival-tally';
import { Tally, type Period } from './period';

/** A silence this long is listed as a coverage gap. DMIS records logins around the clock. */
const GAP_HOURS = 6;

const HOUR_MS = 3_600_000;
const MAX_LISTED = 1000;
const MAX_USERS = 200;
const TOP = 20;

/** Accumulates one pass over a period's events (newest first) into a compliance report. */
export class ReportBuilder {
  private readonly types = new Map<string, { category: string; count: number; failures: number }>();
  private readonly users = new Map<string, UserActivity>();
  private readonly listed: ReportedEvent[] = [];
  private highTotal = 0;
  private readonly logins = { users: new Tally(), ips: new Tally() };
  private readonly denials = { users: new Tally(), ips: new Tally() };
  private readonly gaps: Coverage['gaps'][number][] = [];
  private readonly late = new LateArrivalTally();
  private count = 0;
  private newest: string | null = null;
  private previous: string;

  constructor(private readonly period: Period) {
    this.previous = period.to;
  }

  /** Adds one event; events must arrive newest first. */
  add(e: StoredEvent): void {
    this.count += 1;
    this.newest ??= e.occurredAt;
    this.noteGap(e.occurredAt, this.previous);
    this.previous = e.occurredAt;
    const type = this.types.get(e.eventType) ?? { category: e.category, count: 0, failures: 0 };
    type.count += 1;
    if (e.outcome !== 'success') type.failures += 1;
    this.types.set(e.eventType, type);
    this.addUser(e);
    if (e.severity === 'high' || e.severity === 'critical') this.addHigh(e);
    if (e.eventType === 'auth.login.failure') this.addFailure(this.logins, e);
    if (e.outcome === 'denied') this.addFailure(this.denials, e);
    this.late.add(e);
  }

  /** The finished report. */
  build(meta: { generatedAt: string; generatedBy: string; integrity: IntegrityStatus }): ComplianceReport {
    this.noteGap(this.period.from, this.previous);
    return {
      period: this.period,
      ...meta,
      eventTypes: [...this.types].map(([eventType, t]) => ({ eventType, ...t })).sort((a, b) => b.count - a.count || (a.eventType < b.eventType ? -1 : 1)),
      users: [...this.users.values()].sort((a, b) => b.events - a.events || (a.userId < b.userId ? -1 : 1)).slice(0, MAX_USERS),
      highAndCritical: { total: this.highTotal, listed: this.listed },
      failedLogins: summary(this.logins),
      denials: summary(this.denials),
      integrity: meta.integrity,
      coverage: { totalEvents: this.count, firstEvent: this.previousEvent(), lastEvent: this.newest, gaps: this.gaps.reverse() },
      lateArrivals: this.late.summary(),
    };
  }

  private previousEvent(): string | null {
    return this.count > 0 ? this.previous : null;
  }

  private addUser(e: StoredEvent): void {
    const u = this.users.get(e.actor.userId) ?? { userId: e.actor.userId, events: 0, failures: 0, denials: 0, firstSeen: e.occurredAt, lastSeen: e.occurredAt };
    this.users.set(e.actor.userId, {
      ...u,
      events: u.events + 1,
      failures: u.failures + (e.outcome === 'failure' ? 1 : 0),
      denials: u.denials + (e.outcome === 'denied' ? 1 : 0),
      firstSeen: e.occurredAt,
    });
  }

  private addHigh(e: StoredEvent): void {
    this.highTotal += 1;
    if (this.listed.length >= MAX_LISTED) return;
    const { eventId, occurredAt, eventType, severity, outcome, target } = e;
    this.listed.push({ eventId, occurredAt, eventType, severity, outcome, userId: e.actor.userId, ...(target ? { target } : {}) });
  }

  private addFailure(into: { users: Tally; ips: Tally }, e: StoredEvent): void {
    into.users.add(e.actor.userId);
    // A sealed address is tallied by its blind name: one per address, never its ciphertext.
    into.ips.add(sourceIpName(e.actor.ip) ?? 'unknown');
  }

  // Silences are measured between consecutive events, and from the period's edges.
  private noteGap(older: string, newer: string): void {
    const hours = (Date.parse(newer) - Date.parse(older)) / HOUR_MS;
    if (hours >= GAP_HOURS) this.gaps.push({ from: older, to: newer, hours: Math.round(hours * 10) / 10 });
  }
}

function summary(t: { users: Tally; ips: Tally }): FailureSummary {
  return { total: t.users.total(), byUser: t.users.top(TOP), byIp: t.ips.top(TOP) };
}
