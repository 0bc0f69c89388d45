import type { StoredEvent } from '../event-schema';
import type { BruteForceSettings } from '../monitoring/brute-force-detector';
import { sourceIpName } from '../privacy/sealed-ip';
import type { FailureSummary, IntegrityStatus } from './api-schemas';
import { Tally } from './period';
import type { ReportPeriod } from './scheduled-reports-periods';
import { LockoutFinder, type LockoutPattern } from './scheduled-reports-lockouts';
import type { SearchFilters } from './search-query';

/** A password reset or change, or an MFA change, in brief. */
export interface CredentialChange {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly eventType: string;
  readonly outcome: string;
  /** Who acted. */
  readonly userId: string;
  /** Whose credential, when the event names a user target. */
  readonly targetUserId?: string;
}

/** What the report says of one UTC day's logins. */
export interface DailyLoginReport {
  readonly kind: 'daily-logins';
  readonly label: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly generatedAt: string;
  readonly generatedBy: string;
  readonly integrity: IntegrityStatus;
  readonly totals: {
    readonly events: number;
    readonly loginSuccesses: number;
    readonly loginFailures: number;
    readonly logouts: number;
    readonly passwordResets: number;
    readonly passwordChanges: number;
    readonly mfaChanges: number;
    /** Distinct users and source IPs with a login attempt. */
    readonly users: number;
    readonly sourceIps: number;
  };
  /** Successful and failed logins, by user and by source IP (the largest first). */
  readonly successes: FailureSummary;
  readonly failures: FailureSummary;
  /** Keys at or over the brute-force threshold of the monitoring config (bruteForceThreshold, bruteForceWindowSeconds). */
  readonly lockouts: { readonly threshold: number; readonly windowSeconds: number; readonly patterns: readonly LockoutPattern[] };
  readonly credentialChanges: { readonly total: number; readonly listed: readonly CredentialChange[] };
}

/** The events the report reads: the `auth.` types of the catalogue (the byType index serves them). */
export const LOGIN_FILTER: Pick<SearchFilters, 'eventTypePrefix'> = { eventTypePrefix: 'auth.' };

const CREDENTIAL_TYPES: Readonly<Record<string, 'passwordResets' | 'passwordChanges' | 'mfaChanges'>> = {
  'auth.password.reset': 'passwordResets',
  'auth.password.change': 'passwordChanges',
  'auth.mfa.change': 'mfaChanges',
};
const TOP = 50;
const MAX_LISTED = 1000;

/** Accumulates one pass over a day's `auth.` events, newest first. */
export class DailyLoginBuilder {
  private readonly successes = { users: new Tally(), ips: new Tally() };
  private readonly failures = { users: new Tally(), ips: new Tally() };
  private readonly counts = { events: 0, logouts: 0, passwordResets: 0, passwordChanges: 0, mfaChanges: 0 };
  private readonly changes: CredentialChange[] = [];
  private readonly lockouts: LockoutFinder;

  constructor(
    private readonly period: ReportPeriod,
    private readonly settings: BruteForceSettings,
  ) {
    this.lockouts = new LockoutFinder(settings);
  }

  /** Adds one event; events must arrive newest first. */
  add(e: StoredEvent): void {
    this.counts.events += 1;
    if (e.eventType === 'auth.login.success') this.addLogin(this.successes, e);
    else if (e.eventType === 'auth.login.failure') this.addFailure(e);
    else if (e.eventType === 'auth.logout') this.counts.logouts += 1;
    const credential = CREDENTIAL_TYPES[e.eventType];
    if (credential) this.addCredentialChange(credential, e);
  }

  /** The finished report. */
  build(meta: { generatedAt: string; generatedBy: string; integrity: IntegrityStatus }): DailyLoginReport {
    const { events, logouts, passwordResets, passwordChanges, mfaChanges } = this.counts;
    const users = new Set([...keysOf(this.successes.users), ...keysOf(this.failures.users)]);
    const ips = new Set([...keysOf(this.successes.ips), ...keysOf(this.failures.ips)]);
    ips.delete(UNKNOWN_IP);
    return {
      kind: 'daily-logins',
      label: this.period.label,
      period: { from: this.period.from, to: this.period.to },
      ...meta,
      totals: {
        events, loginSuccesses: this.successes.users.total(), loginFailures: this.failures.users.total(), logouts,
        passwordResets, passwordChanges, mfaChanges, users: users.size, sourceIps: ips.size,
      },
      successes: summary(this.successes),
      failures: summary(this.failures),
      lockouts: { ...this.settings, patterns: this.lockouts.patterns() },
      credentialChanges: { total: passwordResets + passwordChanges + mfaChanges, listed: this.changes },
    };
  }

  private addLogin(into: { users: Tally; ips: Tally }, e: StoredEvent): void {
    into.users.add(loginUserOf(e));
    into.ips.add(sourceIpName(e.actor.ip) ?? UNKNOWN_IP);
  }

  private addFailure(e: StoredEvent): void {
    this.addLogin(this.failures, e);
    // A sealed address counts by its blind name (`h:<blind>`), the same in every event.
    const ip = sourceIpName(e.actor.ip);
    if (ip) this.lockouts.add('sourceIp', ip, e.occurredAt);
    this.lockouts.add('targetUser', loginUserOf(e), e.occurredAt);
  }

  private addCredentialChange(kind: 'passwordResets' | 'passwordChanges' | 'mfaChanges', e: StoredEvent): void {
    this.counts[kind] += 1;
    if (this.changes.length >= MAX_LISTED) return;
    const target = e.target?.type === 'user' ? { targetUserId: e.target.id } : {};
    this.changes.push({ eventId: e.eventId, occurredAt: e.occurredAt, eventType: e.eventType, outcome: e.outcome, userId: e.actor.userId, ...target });
  }
}

const UNKNOWN_IP = 'unknown';

/** The account a login is for: its user target, else the actor (the claimed username), as the detector counts. */
function loginUserOf(e: StoredEvent): string {
  return e.target?.type === 'user' ? e.target.id : e.actor.userId;
}

function keysOf(t: Tally): string[] {
  return Object.keys(t.toRecord());
}

function summary(t: { users: Tally; ips: Tally }): FailureSummary {
  return { total: t.users.total(), byUser: t.users.top(TOP), byIp: t.ips.top(TOP) };
}
