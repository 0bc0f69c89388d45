/**
 * Sample security lines for every log rule, each with whether the rule's metric filter
 * must count it: matching and non-matching lines, including a missing field and the `!=`
 * cases. The local evaluator's tests and `dmis-audit monitoring check-patterns` (which asks
 * CloudWatch's TestMetricFilter) use these same samples, so the first run against an account
 * settles whether CloudWatch reads our patterns as the local evaluator does.
 */
import { renderFilterPattern } from './filter-pattern';
import { logRules, monitoringRules } from './rules';
import { SECURITY_LOG_TYPE, type SecurityLine } from './security-line';

/** The allow-list the samples render the rules with, so the `!=` clauses exist. */
export const SAMPLE_ALLOW_LIST = ['identity-admin'] as const;

/** One line and whether the rule's filter counts it. */
export interface PatternSample {
  /** What the line shows, e.g. "role grant by an allow-listed actor". */
  readonly name: string;
  /** The exact text CloudWatch receives. */
  readonly line: string;
  readonly matches: boolean;
}

/** A rule's rendered pattern and its samples. */
export interface RuleSamples {
  readonly rule: string;
  readonly pattern: string;
  readonly samples: readonly PatternSample[];
}

const BASE: SecurityLine = {
  logType: SECURITY_LOG_TYPE,
  streamEvent: 'INSERT',
  expected: true,
  eventId: '0f8b2c1e-6d1a-4b8e-9d55-3c7a2f9e4b10',
  eventType: 'auth.login.failure',
  category: 'authentication',
  severity: 'medium',
  outcome: 'failure',
  actorUserId: 'jdoe',
  sourceIp: '198.51.100.23',
  occurredAt: '2026-01-15T10:00:00.000Z',
};

/** A line: the base with `changes`; a field set to undefined is left out (the missing-field cases). */
function line(changes: Readonly<Record<string, unknown>>): string {
  const fields: Record<string, unknown> = { ...BASE, ...changes };
  for (const [key, value] of Object.entries(fields)) if (value === undefined) delete fields[key];
  return JSON.stringify(fields);
}

const yes = (name: string, changes: Readonly<Record<string, unknown>>): PatternSample => ({
  name,
  line: line(changes),
  matches: true,
});
const no = (name: string, changes: Readonly<Record<string, unknown>>): PatternSample => ({
  name,
  line: line(changes),
  matches: false,
});

const modified = { streamEvent: 'MODIFY', expected: false, eventType: 'audit.item.modified', category: 'audit' };
const removed = { streamEvent: 'REMOVE', expected: false, eventType: 'audit.item.removed', category: 'audit' };

/** Samples by rule name; every log rule must have some (the tests check). */
const SAMPLES: Readonly<Record<string, readonly PatternSample[]>> = {
  'failed-logins': [
    yes('a failed login', {}),
    no('a successful login', { eventType: 'auth.login.success', outcome: 'success' }),
    no('a MODIFY line that looks like a failed login', { streamEvent: 'MODIFY' }),
    no('a line without logType (other function output)', { logType: undefined }),
    no('a line of another log type', { logType: 'application' }),
  ],
  'access-denied': [
    yes('a denied request', { eventType: 'authz.access.denied', category: 'authorization' }),
    no('a failed login', {}),
  ],
  'role-change-outside-allow-list': [
    yes('a grant by someone not allow-listed', {
      eventType: 'authz.role.grant',
      category: 'authorization',
      actorUserId: 'mallory',
    }),
    yes('a revoke by someone not allow-listed', {
      eventType: 'authz.role.revoke',
      category: 'authorization',
      actorUserId: 'mallory',
    }),
    no('a grant by the allow-listed actor (!= is false)', {
      eventType: 'authz.role.grant',
      category: 'authorization',
      actorUserId: SAMPLE_ALLOW_LIST[0],
    }),
    no('a grant without actorUserId (!= on a missing field)', {
      eventType: 'authz.role.grant',
      category: 'authorization',
      actorUserId: undefined,
    }),
    no('an account creation', { eventType: 'account.create', category: 'account', actorUserId: 'mallory' }),
  ],
  'privilege-and-account-changes': [
    yes('a role grant', { eventType: 'authz.role.grant', category: 'authorization' }),
    yes('an account creation', { eventType: 'account.create', category: 'account' }),
    no('a logout', { eventType: 'auth.logout', category: 'authentication' }),
    no('an account change seen as MODIFY', { eventType: 'account.create', category: 'account', streamEvent: 'MODIFY' }),
  ],
  'record-change-volume': [
    yes('a donation created', { eventType: 'donation.create', category: 'data_change', recordType: 'donation' }),
    yes('a dispatch updated', { eventType: 'dispatch.update', category: 'data_change', recordType: 'dispatch' }),
    no('a donation read', { eventType: 'donation.read', category: 'data_change' }),
    no('a failed login', {}),
  ],
  'audit-item-tampered': [
    yes('an item modified', modified),
    yes('an item removed by a principal (removedBy != "ttl")', { ...removed, removedBy: 'principal' }),
    no('an item expired by TTL', { ...removed, eventType: 'audit.item.expired', expected: true, removedBy: 'ttl' }),
    no('a REMOVE without removedBy (!= on a missing field)', removed),
    no('a new event', {}),
  ],
};

/** Every log rule (rendered with SAMPLE_ALLOW_LIST) with its samples; throws for a rule without any. */
export function filterPatternSamples(): RuleSamples[] {
  return logRules(monitoringRules({ roleGrantAllowList: SAMPLE_ALLOW_LIST })).map((rule) => {
    const samples = SAMPLES[rule.name];
    if (!samples?.length) throw new Error(`filter pattern samples: no samples for rule ${rule.name}`);
    return { rule: rule.name, pattern: renderFilterPattern(rule.pattern), samples };
  });
}
