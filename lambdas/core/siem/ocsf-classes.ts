/**
 * Which OCSF 1.8.0 class and activity each event type becomes: the one definition, read by
 * ocsf.ts and by the tests that validate every catalogue type against the schema.
 *
 * Choices where OCSF offers more than one home:
 * - DMIS record changes (`donation.create` … `dispatch.update`), `config.change`, the
 *   auditors' `audit.read`/`audit.export` and `authz.access.denied` are API Activity
 *   (6003): they are CRUD calls on an application's API, which is what that class
 *   describes; Entity Management (3004) is for IAM-managed entities, not business records.
 *   The record is `resources[0]` (`type` = target type, `uid` = target id).
 * - `authz.access.denied` applies the security_control profile (`action_id` 2 Denied,
 *   `disposition_id` 2 Blocked); its activity comes from `metadata.method` when that is an
 *   HTTP method (GET → Read, POST → Create, PUT/PATCH → Update, DELETE → Delete), else Unknown.
 * - Password and MFA changes are Account Change (3001), not Authentication: they change the
 *   account, no logon happens. `auth.mfa.change` and `account.update` have no OCSF activity
 *   of their own (the event does not say whether a factor was enabled or removed): Other.
 * - The verifier's findings (`audit.integrity.*`) are Compliance Findings (2003) against
 *   NIST SP 800-53 AU-9 (monitoring drift: SI-4), `compliance.status_id` Pass or Fail.
 * - `system.error` is Application Error (6008); `system.debug` the Base Event (0).
 * - Custom types go by their category (CATEGORY_DEFAULTS), activity Other.
 */
import { DMIS_RECORD_TYPES, type Category } from '../catalogue';

/** The OCSF classes we emit, with their uids and category. */
export const OCSF_CLASSES = {
  authentication: { uid: 3002, name: 'Authentication', categoryUid: 3, categoryName: 'Identity & Access Management' },
  account_change: { uid: 3001, name: 'Account Change', categoryUid: 3, categoryName: 'Identity & Access Management' },
  user_access: { uid: 3005, name: 'User Access Management', categoryUid: 3, categoryName: 'Identity & Access Management' },
  api_activity: { uid: 6003, name: 'API Activity', categoryUid: 6, categoryName: 'Application Activity' },
  application_error: { uid: 6008, name: 'Application Error', categoryUid: 6, categoryName: 'Application Activity' },
  compliance_finding: { uid: 2003, name: 'Compliance Finding', categoryUid: 2, categoryName: 'Findings' },
  base_event: { uid: 0, name: 'Base Event', categoryUid: 0, categoryName: 'Uncategorized' },
} as const;
export type OcsfClassName = keyof typeof OCSF_CLASSES;

/** An event type's class and activity (`activityId` 99 is Other; `activityName` then says what). */
export interface OcsfMapping {
  readonly className: OcsfClassName;
  readonly activityId: number;
}

const m = (className: OcsfClassName, activityId: number): OcsfMapping => ({ className, activityId });

function recordMappings(): Record<string, OcsfMapping> {
  const out: Record<string, OcsfMapping> = {};
  for (const record of DMIS_RECORD_TYPES) {
    out[`${record}.create`] = m('api_activity', 1);
    out[`${record}.update`] = m('api_activity', 3);
  }
  return out;
}

/** Every catalogued type's class and activity (a test keeps it complete). */
export const OCSF_MAPPINGS: Readonly<Record<string, OcsfMapping>> = Object.freeze(Object.assign(Object.create(null) as Record<string, OcsfMapping>, {
  'auth.login.success': m('authentication', 1),
  'auth.login.failure': m('authentication', 1),
  'auth.logout': m('authentication', 2),
  'auth.password.reset': m('account_change', 4),
  'auth.password.change': m('account_change', 3),
  'auth.mfa.change': m('account_change', 99),
  'account.create': m('account_change', 1),
  'account.update': m('account_change', 99),
  'account.disable': m('account_change', 5),
  'authz.role.grant': m('user_access', 1),
  'authz.role.revoke': m('user_access', 2),
  'authz.access.denied': m('api_activity', 0),
  'config.change': m('api_activity', 3),
  ...recordMappings(),
  'audit.read': m('api_activity', 2),
  'audit.export': m('api_activity', 2),
  'privacy.personal_data.read': m('api_activity', 2),
  'privacy.subject.export': m('api_activity', 2),
  'privacy.subject.erase': m('api_activity', 4),
  'privacy.key.expire': m('api_activity', 4),
  'audit.integrity.verified': m('compliance_finding', 1),
  'audit.integrity.failed': m('compliance_finding', 1),
  'audit.integrity.monitoring_drift': m('compliance_finding', 1),
  'system.error': m('application_error', 1),
  'system.debug': m('base_event', 99),
}));

/** Where a custom type goes, by its category. */
export const CATEGORY_DEFAULTS: Readonly<Record<Category, OcsfClassName>> = {
  authentication: 'authentication',
  account: 'account_change',
  authorization: 'api_activity',
  data_change: 'api_activity',
  configuration: 'api_activity',
  audit: 'api_activity',
  system: 'base_event',
};

/** The class and activity of any stored event's type. */
export function ocsfMappingOf(eventType: string, category: Category): OcsfMapping {
  return OCSF_MAPPINGS[eventType] ?? m(CATEGORY_DEFAULTS[category], 99);
}

/** Activity captions, per class, for the ids we emit (`activity_name`). */
export const ACTIVITY_NAMES: Readonly<Record<OcsfClassName, Readonly<Record<number, string>>>> = {
  authentication: { 0: 'Unknown', 1: 'Logon', 2: 'Logoff' },
  account_change: { 1: 'Create', 3: 'Password Change', 4: 'Password Reset', 5: 'Disable' },
  user_access: { 1: 'Assign Privileges', 2: 'Revoke Privileges' },
  api_activity: { 0: 'Unknown', 1: 'Create', 2: 'Read', 3: 'Update', 4: 'Delete' },
  application_error: { 1: 'General Error' },
  compliance_finding: { 1: 'Create' },
  base_event: {},
};
