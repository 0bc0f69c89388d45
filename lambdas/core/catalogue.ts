/**
 * The event catalogue: every event type DMIS may record, with its category, default
 * severity, the verb it stands for and its retention class. The one definition; the
 * schema, the monitoring rules and the docs all read it.
 */

/** Event categories, a closed set. */
export const CATEGORIES = [
  'authentication',
  'authorization',
  'account',
  'data_change',
  'configuration',
  'system',
  'audit',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Severities, lowest first (the order is used for "at least" filters). */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The records retention period of security and application events, and of the sealed archive. */
export const RECORDS_RETENTION_YEARS = 7;
/**
 * The same period in days: a seven-year span holds at most two leap days, so 2557, which is
 * also CloudWatch Logs' seven-year retention value (the security log groups keep this long).
 */
export const RECORDS_RETENTION_DAYS = RECORDS_RETENTION_YEARS * 365 + Math.ceil(RECORDS_RETENTION_YEARS / 4);

/** Retention classes and how long each keeps an event. */
export const RETENTION_DAYS = {
  security: RECORDS_RETENTION_DAYS,
  application: RECORDS_RETENTION_DAYS,
  system: 365,
  debug: 30,
} as const;
export type RetentionClass = keyof typeof RETENTION_DAYS;
/** The retention classes, for schemas. */
export const RETENTION_CLASSES = Object.keys(RETENTION_DAYS) as [RetentionClass, ...RetentionClass[]];

/** What the catalogue knows of one event type. */
export interface CatalogueEntry {
  readonly category: Category;
  readonly severity: Severity;
  readonly action: string;
  readonly retention: RetentionClass;
  readonly description: string;
}

const security = (category: Category, severity: Severity, action: string, description: string): CatalogueEntry =>
  ({ category, severity, action, retention: 'security', description });

/** The DMIS record types whose creates and updates are audited. */
export const DMIS_RECORD_TYPES = [
  'donation',
  'donation_intake',
  'transfer',
  'relief_request',
  'relief_package',
  'dispatch',
] as const;
export type DmisRecordType = (typeof DMIS_RECORD_TYPES)[number];

function recordChangeEntries(): Record<string, CatalogueEntry> {
  const entries: Record<string, CatalogueEntry> = {};
  for (const record of DMIS_RECORD_TYPES) {
    const label = record.replace(/_/g, ' ');
    entries[`${record}.create`] = {
      category: 'data_change', severity: 'low', action: 'create', retention: 'application',
      description: `a ${label} was created`,
    };
    entries[`${record}.update`] = {
      category: 'data_change', severity: 'medium', action: 'update', retention: 'application',
      description: `a ${label} was updated`,
    };
  }
  return entries;
}

/**
 * Every catalogued type. A null-prototype object: a caller's `eventType` indexes it, and
 * `toString` or `__proto__` must find nothing rather than Object.prototype's members.
 */
export const EVENT_CATALOGUE: Readonly<Record<string, CatalogueEntry>> = Object.freeze(Object.assign(Object.create(null) as Record<string, CatalogueEntry>, {
  'auth.login.success': security('authentication', 'low', 'login', 'a user logged in'),
  'auth.login.failure': security('authentication', 'high', 'login', 'a login attempt failed'),
  'auth.logout': security('authentication', 'low', 'logout', 'a user logged out'),
  'auth.password.reset': security('authentication', 'medium', 'reset_password', 'a password reset was requested or completed'),
  'auth.password.change': security('authentication', 'medium', 'change_password', 'a user changed a password'),
  'auth.mfa.change': security('authentication', 'high', 'change_mfa', 'a multi-factor setting was enrolled, changed or removed'),
  'account.create': security('account', 'medium', 'create', 'a user account was created'),
  'account.update': security('account', 'medium', 'update', 'a user account was updated'),
  'account.disable': security('account', 'high', 'disable', 'a user account was disabled'),
  'authz.role.grant': security('authorization', 'high', 'grant', 'a role or privilege was granted'),
  'authz.role.revoke': security('authorization', 'high', 'revoke', 'a role or privilege was revoked'),
  'authz.access.denied': security('authorization', 'medium', 'deny', 'access to a forbidden route or record was denied'),
  'config.change': security('configuration', 'high', 'change', 'a system configuration setting changed'),
  ...recordChangeEntries(),
  'audit.read': security('audit', 'low', 'read', 'an auditor read or searched audit events'),
  'audit.export': security('audit', 'medium', 'export', 'an auditor exported audit events'),
  'audit.integrity.verified': security('audit', 'low', 'verify', 'the verifier found the audit trail intact'),
  'audit.integrity.failed': security('audit', 'critical', 'verify', 'the verifier found the audit trail altered'),
  'audit.integrity.monitoring_drift': security('audit', 'critical', 'verify', 'the monitoring check found a metric filter, log group or alarm not as the code defines it'),
  'privacy.personal_data.read': security('audit', 'medium', 'read_personal_data', 'personal data sealed in an event was read in clear'),
  'privacy.subject.export': security('audit', 'high', 'export_subject', 'every event by or about a data subject was exported with their personal data'),
  'privacy.subject.erase': security('audit', 'high', 'erase_subject', 'a data subject\'s personal data was erased (or the erasure refused) by destroying their keys'),
  'privacy.key.expire': security('audit', 'low', 'expire_keys', 'the retention sweep destroyed the keys of personal data past retention'),
  'system.error': { category: 'system', severity: 'medium', action: 'error', retention: 'system', description: 'a DMIS component reported an error' },
  'system.debug': { category: 'system', severity: 'low', action: 'debug', retention: 'debug', description: 'diagnostic detail kept for 30 days' },
}));

/** Custom types: `custom.<namespace>.<name>` in lower snake case, e.g. `custom.warehouse.stock_count`. */
const CUSTOM_EVENT_TYPE = /^custom(\.[a-z][a-z0-9_]{0,39}){2,4}$/;

/** Custom types are system events with application retention unless the caller sets a category. */
const CUSTOM_DEFAULTS = { severity: 'low', retention: 'application' } as const;

/** True when the type is in the catalogue itself (an own entry, never an inherited member). */
export function isCatalogued(eventType: string): boolean {
  return Object.hasOwn(EVENT_CATALOGUE, eventType);
}

/** The catalogue entry for a type, or undefined when the type is not allowed. */
export function lookupEventType(eventType: string, category?: Category): CatalogueEntry | undefined {
  if (isCatalogued(eventType)) return EVENT_CATALOGUE[eventType];
  if (!CUSTOM_EVENT_TYPE.test(eventType)) return undefined;
  const action = eventType.slice(eventType.lastIndexOf('.') + 1);
  return { category: category ?? 'system', action, description: 'a custom event type', ...CUSTOM_DEFAULTS };
}

/** A sentence telling a caller which types are allowed (never echoes the rejected type). */
export const ALLOWED_EVENT_TYPES_HINT =
  `eventType must be one of ${Object.keys(EVENT_CATALOGUE).join(', ')}, or custom.<namespace>.<name>`;
