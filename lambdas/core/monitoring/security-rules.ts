/**
 * The security rules: metric filters over the security line. Part of the one rule set
 * (rules.ts); every pattern requires a security line of a new event, except the tamper
 * rule, which looks for exactly the MODIFY and REMOVE lines.
 */
import { DMIS_RECORD_TYPES } from '../catalogue';
import { all, any, eq, ne, type FilterPattern } from './filter-pattern';
import type { LogRule, MonitoringRule } from './rule-types';
import { SECURITY_LOG_TYPE } from './security-line';

/** New events only: a MODIFY or REMOVE line must not count as a login failure, however it looks. */
const newEvent = (...patterns: FilterPattern[]): FilterPattern =>
  all(eq('logType', SECURITY_LOG_TYPE), eq('streamEvent', 'INSERT'), ...patterns);

const ROLE_CHANGE = eq('eventType', 'authz.role.*');

/** Event types whose contributors (source IP, user) Contributor Insights ranks. */
export const FAILURE_EVENT_TYPES = ['auth.login.failure', 'authz.access.denied'] as const;

/** Pattern of one creation or update of the six audited DMIS record types. */
export const RECORD_CHANGE_PATTERN: FilterPattern = newEvent(
  any(...DMIS_RECORD_TYPES.flatMap((type) => [eq('eventType', `${type}.create`), eq('eventType', `${type}.update`)])),
);

const log = (rule: Omit<LogRule, 'source' | 'comparison' | 'evaluationPeriods'>): LogRule => ({
  source: 'log',
  comparison: 'GreaterThanOrEqualToThreshold',
  evaluationPeriods: 1,
  ...rule,
});

/** The security-line rules; `allowList` holds the actors allowed to change roles. */
export function securityRules(allowList: readonly string[]): MonitoringRule[] {
  return [
    log({
      name: 'failed-logins',
      metricName: 'FailedLogins',
      severity: 'high',
      periodMinutes: 5,
      threshold: 10,
      meaning: 'Many failed logins: password guessing or credential stuffing against DMIS accounts.',
      pattern: newEvent(eq('eventType', FAILURE_EVENT_TYPES[0])),
    }),
    log({
      name: 'access-denied',
      metricName: 'AccessDenied',
      severity: 'medium',
      periodMinutes: 5,
      threshold: 20,
      meaning: 'Many denied requests: someone is probing routes or records their role does not allow.',
      pattern: newEvent(eq('eventType', FAILURE_EVENT_TYPES[1])),
    }),
    log({
      name: 'role-change-outside-allow-list',
      metricName: 'RoleChangesOutsideAllowList',
      severity: 'critical',
      periodMinutes: 5,
      threshold: 1,
      meaning: 'A role or privilege was granted or revoked by someone who is not an approved identity administrator.',
      pattern: newEvent(ROLE_CHANGE, ...allowList.map((userId) => ne('actorUserId', userId))),
    }),
    log({
      name: 'privilege-and-account-changes',
      metricName: 'PrivilegeAndAccountChanges',
      severity: 'high',
      periodMinutes: 15,
      threshold: 5,
      meaning:
        'An unusual number of role grants, revocations or account changes: possible privilege escalation or takeover.',
      pattern: newEvent(any(ROLE_CHANGE, eq('category', 'account'))),
    }),
    log({
      name: 'record-change-volume',
      metricName: 'DmisRecordChanges',
      severity: 'high',
      periodMinutes: 15,
      threshold: 500,
      meaning:
        'More donation, intake, transfer, relief or dispatch changes than a normal busy period: bulk tampering or a runaway client.',
      pattern: RECORD_CHANGE_PATTERN,
    }),
    {
      source: 'anomaly',
      name: 'record-change-anomaly',
      ofRule: 'record-change-volume',
      severity: 'medium',
      periodMinutes: 15,
      evaluationPeriods: 2,
      threshold: 3,
      comparison: 'GreaterThanUpperThreshold',
      meaning: 'Record changes are far above what is usual for this time of day and week.',
    },
    log({
      name: 'audit-item-tampered',
      metricName: 'AuditItemsTampered',
      severity: 'critical',
      periodMinutes: 1,
      threshold: 1,
      meaning: 'An audit item was modified or removed other than by TTL expiry: the append-only guarantee was broken.',
      pattern: all(
        eq('logType', SECURITY_LOG_TYPE),
        any(eq('streamEvent', 'MODIFY'), all(eq('streamEvent', 'REMOVE'), ne('removedBy', 'ttl'))),
      ),
    }),
  ];
}
