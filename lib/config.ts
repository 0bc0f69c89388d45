/**
 * The CDK app's typed configuration: resolved once in bin/app.ts from CDK context
 * (`-c key=value` or cdk.json), validated here, then passed down as props.
 * Constructs never read context or the environment themselves.
 *
 * Context keys: stage (dev|staging|prod), writerPrincipalArns, readerPrincipalArns,
 * alarmEmails (lists: JSON arrays or comma-separated), apiRateLimit, apiBurstLimit,
 * logRetentionDays, archiveRetentionYears; detection: monitoringRuleOverrides (JSON object
 * keyed by rule name), roleGrantAllowList, bruteForceThreshold, bruteForceWindowSeconds,
 * wafRateLimit, allowListedCidrs, securityLogRetentionDays; protection: backupVaultLock
 * (none|governance|compliance; compliance in prod), breakGlassRoleArn; integrity:
 * signingKeyArn (a KMS key the sealer signs with: rotation), auditorEmails; scheduled reports:
 * reportEmails, dailyReportSchedule, weeklyReportSchedule (lib/reports-config.ts); auditor console:
 * console, consoleDomainName, consoleCertificateArn, consoleWebAclArn, cognitoDomainPrefix
 * (lib/console-config.ts); SIEM forwarding: siemDestinations (a JSON array or file:<path>),
 * siemDownAlarmMinutes, siemVpc (lib/siem-config.ts); personal data: personalDataKeys,
 * auditorsReadPersonalData, legalHolds, privacyOfficerPrincipalArns (lib/privacy-config.ts); storage:
 * hotWindowDays (14..3000: the weekly report's period plus a margin), tableClass (STANDARD|STANDARD_INFREQUENT_ACCESS); archive queries:
 * athenaBytesScannedLimit (bytes, 10 MB..1 PB), archiveQueryStartDay (yyyy-MM-dd). Prod requires
 * writerPrincipalArns and readerPrincipalArns. Example:
 * `npx cdk deploy -c stage=prod -c writerPrincipalArns=arn:aws:iam::111111111111:role/dmis-api`
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RECORDS_RETENTION_YEARS } from '../lambdas/core/catalogue';
import {
  ConfigError, readChoice, readList, readNumber, readOptional, readRetentionDays, type ConfigSource,
} from './config-readers';
import { DEFAULT_MONITORING, readMonitoring, type MonitoringConfig } from './config-monitoring';
import { readTrustedKeysFile } from './trusted-keys-config';
import { readEvidence, type EvidenceConfig } from './evidence-config';
import { EMAIL_ADDRESS } from './constructs/email-subscriptions';
import { DEFAULT_REPORTS, readReports, type ReportsConfig } from './reports-config';
import { checkProdConsole, readConsole, type ConsoleConfig } from './console-config';
import { readSiem, type SiemConfig } from './siem-config';
import { DEFAULT_PRIVACY, readPrivacy, type PrivacyConfig } from './privacy-config';
import { DEFAULT_HOT_WINDOW_DAYS } from '../lambdas/core/hot-window';
import type { AuditTableClassName } from './constructs/audit-table';

/** Deployment stages, a closed set. */
export type StageName = 'dev' | 'staging' | 'prod';

/** API Gateway stage throttling (steady requests per second and burst). */
export interface ApiThrottling {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** Everything that differs between deployments of the audit trail. */
export interface AuditConfig {
  /** Deployment stage; also the API Gateway stage name. */
  readonly stage: StageName;
  /** IAM principal ARNs (DMIS roles or account roots) that may assume AuditWriter. Empty: this account's root. */
  readonly writerPrincipalArns: readonly string[];
  /** IAM principal ARNs (auditors, security tooling) that may assume AuditReader. Empty: this account's root. */
  readonly readerPrincipalArns: readonly string[];
  /** API stage throttling. */
  readonly throttling: ApiThrottling;
  /** Retention of the Lambda and API access log groups. */
  readonly logRetentionDays: RetentionDays;
  /** Addresses that receive alarm notifications (used by the monitoring construct). */
  readonly alarmEmails: readonly string[];
  /** How long the sealed archive keeps blocks and events. */
  readonly archiveRetentionYears: number;
  /** Detection settings. */
  readonly monitoring: MonitoringConfig;
  /** Backup Vault Lock mode (context `backupVaultLock`); always `compliance` in prod. */
  readonly backupVaultLock: BackupVaultLockMode;
  /** The one role that may schedule deletion of or disable the audit keys. @default none: nobody may */
  readonly breakGlassRoleArn?: string;
  /** Trusted keys pinned into the verifiers (context `trustedKeysFile`, a path), compact JSON. @default none: the signing key */
  readonly trustedKeys?: string;
  /** The evidence account's bucket the checkpoints replicate to (contexts `evidenceAccount`, `evidenceBucket`). @default none */
  readonly evidence?: EvidenceConfig;
  /** A KMS ECC_NIST_P256 key the sealer signs with instead of the stack's own (context `signingKeyArn`). @default the stack's key */
  readonly signingKeyArn?: string;
  /** Addresses mailed the newest signed checkpoint once a day (context `auditorEmails`). @default none */
  readonly auditorEmails?: readonly string[];
  /** The security team's scheduled reports: e-mails and schedules (lib/reports-config.ts). */
  readonly reports: ReportsConfig;
  /** The auditor console on CloudFront with Cognito sign-in (lib/console-config.ts). @default no console */
  readonly console?: ConsoleConfig;
  /** SIEM destinations the forwarder pushes every event to (lib/siem-config.ts). @default none: no forwarder */
  readonly siem?: SiemConfig;
  /** Personal data: extra personal metadata keys, auditors' clear reads, legal holds, privacy officers (lib/privacy-config.ts). */
  readonly privacy: PrivacyConfig;
  /** Days an event stays in the DynamoDB table (context `hotWindowDays`, MIN_HOT_WINDOW_DAYS to 3000); the archive keeps it for its whole retention. */
  readonly hotWindowDays: number;
  /** The audit table's class (context `tableClass`): Standard-IA stores for 60 % less and writes for 25 % more (lib/cost/). */
  readonly tableClass: AuditTableClassName;
  /** Most bytes one Athena query over the archive may scan (context `athenaBytesScannedLimit`, 10 MB to 1 PB). */
  readonly athenaBytesScannedLimit: number;
  /** First day, yyyy-MM-dd, the archive's Athena table covers (context `archiveQueryStartDay`): when events were first archived. */
  readonly archiveQueryStartDay: string;
}

export { ConfigError, type ConfigSource } from './config-readers';
export type { MonitoringConfig } from './config-monitoring';

/** Backup Vault Lock: `compliance` can never be removed once its grace period ends; `governance` can, by a privileged user. */
export type BackupVaultLockMode = 'none' | 'governance' | 'compliance';

/** The defaults: enough for `npx cdk synth` with no context at all. */
export const DEFAULT_CONFIG: AuditConfig = {
  stage: 'dev',
  writerPrincipalArns: [],
  readerPrincipalArns: [],
  throttling: { rateLimit: 500, burstLimit: 1000 },
  logRetentionDays: RetentionDays.ONE_YEAR,
  alarmEmails: [],
  auditorEmails: [],
  archiveRetentionYears: RECORDS_RETENTION_YEARS,
  monitoring: DEFAULT_MONITORING,
  backupVaultLock: 'governance',
  reports: DEFAULT_REPORTS,
  console: { enabled: true },
  privacy: DEFAULT_PRIVACY,
  hotWindowDays: DEFAULT_HOT_WINDOW_DAYS,
  // `npm run cost`: over a 395-day hot window, storage outweighs Standard-IA's dearer writes.
  tableClass: 'STANDARD_INFREQUENT_ACCESS',
  // 10 GiB: about ten million archived events at once, a few US cents a query.
  athenaBytesScannedLimit: 10 * 1024 ** 3,
  archiveQueryStartDay: '2026-01-01',
};

const STAGES: readonly StageName[] = ['dev', 'staging', 'prod'];
const LOCK_MODES: readonly BackupVaultLockMode[] = ['none', 'governance', 'compliance'];
const TABLE_CLASSES: readonly AuditTableClassName[] = ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'];
const PRINCIPAL_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const KMS_KEY_ARN = /^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/;
const PRINCIPALS = 'an IAM role, user or root ARN such as arn:aws:iam::111111111111:role/dmis-api';

/** Resolves and validates the configuration; throws a ConfigError naming the bad context key. */
export function resolveAuditConfig(source: ConfigSource): AuditConfig {
  const d = DEFAULT_CONFIG;
  const stage = readChoice(source, 'stage', STAGES, d.stage);
  const config: AuditConfig = {
    stage,
    writerPrincipalArns: readList(source, 'writerPrincipalArns', PRINCIPAL_ARN, PRINCIPALS),
    readerPrincipalArns: readList(source, 'readerPrincipalArns', PRINCIPAL_ARN, PRINCIPALS),
    throttling: {
      rateLimit: readNumber(source, 'apiRateLimit', d.throttling.rateLimit, 1, 10_000),
      burstLimit: readNumber(source, 'apiBurstLimit', d.throttling.burstLimit, 1, 5_000),
    },
    logRetentionDays: readRetentionDays(source, 'logRetentionDays', d.logRetentionDays),
    alarmEmails: readList(source, 'alarmEmails', EMAIL_ADDRESS, 'an email address such as secops@example.gov'),
    archiveRetentionYears: readNumber(source, 'archiveRetentionYears', d.archiveRetentionYears, RECORDS_RETENTION_YEARS, 100),
    monitoring: readMonitoring(source),
    backupVaultLock: readChoice(source, 'backupVaultLock', LOCK_MODES, stage === 'prod' ? 'compliance' : d.backupVaultLock),
    breakGlassRoleArn: readOptional(source, 'breakGlassRoleArn', ROLE_ARN, 'an IAM role ARN'),
    trustedKeys: readTrustedKeysFile(source),
    evidence: readEvidence(source),
    signingKeyArn: readOptional(source, 'signingKeyArn', KMS_KEY_ARN, 'a KMS key ARN such as arn:aws:kms:eu-west-1:111111111111:key/<key id>'),
    auditorEmails: readList(source, 'auditorEmails', EMAIL_ADDRESS, 'an email address such as auditor@example.gov'),
    reports: readReports(source),
    console: readConsole(source, stage),
    siem: readSiem(source),
    privacy: readPrivacy(source),
    hotWindowDays: readNumber(source, 'hotWindowDays', d.hotWindowDays, 1, 3000),
    tableClass: readChoice(source, 'tableClass', TABLE_CLASSES, d.tableClass),
    athenaBytesScannedLimit: readNumber(source, 'athenaBytesScannedLimit', d.athenaBytesScannedLimit, 10_000_000, 1024 ** 5),
    archiveQueryStartDay:
      readOptional(source, 'archiveQueryStartDay', /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date yyyy-MM-dd such as 2026-01-01') ??
      d.archiveQueryStartDay,
  };
  checkProd(config);
  checkHotWindowCoversReports(config);
  return config;
}

/** The longest scheduled report period, an ISO week (lambdas/core/query/scheduled-reports-periods.ts), in days. */
export const LONGEST_REPORT_PERIOD_DAYS = 7;
/** Days a report period's events must stay in the table after it ends: a late, retried or repeated run. */
export const REPORT_MARGIN_DAYS = 7;
/** The shortest hot window accepted: the scheduled reports read their period from the table only. */
export const MIN_HOT_WINDOW_DAYS = LONGEST_REPORT_PERIOD_DAYS + REPORT_MARGIN_DAYS;

/**
 * The scheduled reports read the table, not the archive: a hot window shorter than the
 * weekly report's period plus the margin would let a report silently miss events.
 */
function checkHotWindowCoversReports(config: AuditConfig): void {
  if (config.hotWindowDays >= MIN_HOT_WINDOW_DAYS) return;
  throw new ConfigError(
    'hotWindowDays',
    `must be at least ${MIN_HOT_WINDOW_DAYS} days: the weekly scheduled report reads its ${LONGEST_REPORT_PERIOD_DAYS}-day period from the table after it ends, with ${REPORT_MARGIN_DAYS} days' margin for late or repeated runs`,
  );
}

/**
 * Prod refuses what is only acceptable while trying the stack out: roles that trust the
 * whole account (no principals), and a backup vault lock that an administrator can lift.
 */
function checkProd(config: AuditConfig): void {
  if (config.stage !== 'prod') return;
  for (const key of ['writerPrincipalArns', 'readerPrincipalArns'] as const) {
    if (config[key].length === 0) {
      throw new ConfigError(key, 'is required for stage prod (otherwise the role trusts every principal of the account)');
    }
  }
  if (config.backupVaultLock !== 'compliance') throw new ConfigError('backupVaultLock', 'must be compliance for stage prod');
  checkProdConsole(config.console);
}
