/**
 * The CDK app's typed configuration: resolved once in bin/app.ts from CDK context
 * (`-c key=value` or cdk.json), validated here, then passed down as props.
 * Constructs never read context or the environment themselves.
 *
 * Context keys: stage (dev|staging|prod), writerPrincipalArns, readerPrincipalArns,
 * alarmEmails (lists: JSON arrays or comma-separated), apiRateLimit, apiBurstLimit,
 * logRetentionDays, archiveRetentionYears; detection: monitoringRuleOverrides (JSON object
 * keyed by rule name), roleGrantAllowList, bruteForceThreshold, bruteForceWindowSeconds,
 * wafRateLimit, allowListedCidrs, securityLogRetentionDays. Example:
 * `npx cdk deploy -c stage=prod -c writerPrincipalArns=arn:aws:iam::111111111111:role/dmis-api`
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RECORDS_RETENTION_YEARS } from '../lambdas/core/catalogue';
import type { RuleOverride } from '../lambdas/core/monitoring/rule-types';
import { monitoringRules } from '../lambdas/core/monitoring/rules';

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
}

/** Detection settings: monitoring rules, the real-time detector, WAF (MONITORING.md). */
export interface MonitoringConfig {
  /** Per-rule threshold/period/enabled changes, keyed by rule name (lambdas/core/monitoring/rules.ts). */
  readonly ruleOverrides: Readonly<Record<string, RuleOverride>>;
  /** Actor userIds allowed to grant or revoke roles without the role-change alarm firing. */
  readonly roleGrantAllowList: readonly string[];
  /** Failed logins per source IP or target user, within the window, that raise a real-time alert. */
  readonly bruteForceThreshold: number;
  /** The detector's sliding window in seconds (whole minutes). */
  readonly bruteForceWindowSeconds: number;
  /** Requests per source IP per 5 minutes before WAF blocks it. */
  readonly wafRateLimit: number;
  /** DMIS egress CIDR ranges WAF always allows (skipping the rate and reputation rules). Empty: none. */
  readonly allowListedCidrs: readonly string[];
  /** Retention of the security log group (the stream processor's). */
  readonly securityLogRetentionDays: RetentionDays;
}

/** Reads one raw configuration value by key (CDK context in bin/app.ts). */
export type ConfigSource = (key: string) => unknown;

/** A configuration value is invalid; the message names the field. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Invalid config "${field}": ${problem}`);
    this.name = 'ConfigError';
  }
}

/** The defaults: enough for `npx cdk synth` with no context at all. */
export const DEFAULT_CONFIG: AuditConfig = {
  stage: 'dev',
  writerPrincipalArns: [],
  readerPrincipalArns: [],
  throttling: { rateLimit: 500, burstLimit: 1000 },
  logRetentionDays: RetentionDays.ONE_YEAR,
  alarmEmails: [],
  archiveRetentionYears: RECORDS_RETENTION_YEARS,
  monitoring: {
    ruleOverrides: {},
    roleGrantAllowList: [],
    bruteForceThreshold: 10,
    bruteForceWindowSeconds: 300,
    wafRateLimit: 2000,
    allowListedCidrs: [],
    securityLogRetentionDays: RetentionDays.TEN_YEARS,
  },
};

const STAGES: readonly StageName[] = ['dev', 'staging', 'prod'];
const PRINCIPAL_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const RETENTION_VALUES = new Set<number>(
  Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'),
);

/** Resolves and validates the configuration; throws a ConfigError naming the bad field. */
export function resolveAuditConfig(source: ConfigSource): AuditConfig {
  const d = DEFAULT_CONFIG;
  const rateLimit = readNumber(source, 'apiRateLimit', d.throttling.rateLimit, 1, 10_000);
  const burstLimit = readNumber(source, 'apiBurstLimit', d.throttling.burstLimit, 1, 5_000);
  const logRetentionDays = readNumber(source, 'logRetentionDays', d.logRetentionDays, 1, 3653);
  if (!RETENTION_VALUES.has(logRetentionDays)) {
    throw new ConfigError('logRetentionDays', 'must be a CloudWatch Logs retention value (e.g. 365, 400, 731)');
  }
  return {
    stage: readStage(source),
    writerPrincipalArns: readList(source, 'writerPrincipalArns', PRINCIPAL_ARN, 'an IAM role, user or root ARN'),
    readerPrincipalArns: readList(source, 'readerPrincipalArns', PRINCIPAL_ARN, 'an IAM role, user or root ARN'),
    throttling: { rateLimit, burstLimit },
    logRetentionDays: logRetentionDays as RetentionDays,
    alarmEmails: readList(source, 'alarmEmails', EMAIL, 'an email address'),
    archiveRetentionYears: readNumber(source, 'archiveRetentionYears', d.archiveRetentionYears, 1, 100),
    monitoring: readMonitoring(source),
  };
}

const USER_ID = /^[\w.@:+-]{1,256}$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/;

/** Monitoring settings; rule overrides are checked against the rules themselves. */
function readMonitoring(source: ConfigSource): MonitoringConfig {
  const d = DEFAULT_CONFIG.monitoring;
  const raw = source('monitoringRuleOverrides') ?? {};
  const ruleOverrides = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, RuleOverride>;
  if (typeof ruleOverrides !== 'object' || ruleOverrides === null || Array.isArray(ruleOverrides)) {
    throw new ConfigError('monitoringRuleOverrides', 'must be an object keyed by rule name');
  }
  const roleGrantAllowList = readList(source, 'roleGrantAllowList', USER_ID, 'a DMIS userId (letters, digits, . _ @ : + -)');
  try {
    monitoringRules({ overrides: ruleOverrides, roleGrantAllowList });
  } catch (error) {
    throw new ConfigError('monitoringRuleOverrides', (error as Error).message);
  }
  const retention = readNumber(source, 'securityLogRetentionDays', d.securityLogRetentionDays, 1, 3653);
  if (!RETENTION_VALUES.has(retention)) throw new ConfigError('securityLogRetentionDays', `must be a CloudWatch Logs retention value (e.g. ${RetentionDays.SEVEN_YEARS}, ${RetentionDays.TEN_YEARS})`);
  return {
    ruleOverrides,
    roleGrantAllowList,
    bruteForceThreshold: readNumber(source, 'bruteForceThreshold', d.bruteForceThreshold, 2, 10_000),
    bruteForceWindowSeconds: readNumber(source, 'bruteForceWindowSeconds', d.bruteForceWindowSeconds, 60, 3600),
    wafRateLimit: readNumber(source, 'wafRateLimit', d.wafRateLimit, 100, 2_000_000_000),
    allowListedCidrs: readList(source, 'allowListedCidrs', CIDR, 'a CIDR range such as 203.0.113.0/24'),
    securityLogRetentionDays: retention as RetentionDays,
  };
}

function readStage(source: ConfigSource): StageName {
  const raw = source('stage') ?? DEFAULT_CONFIG.stage;
  const stage = STAGES.find((s) => s === raw);
  if (!stage) throw new ConfigError('stage', `must be one of ${STAGES.join(', ')}`);
  return stage;
}

/** Integers only: context from the command line arrives as strings. */
function readNumber(source: ConfigSource, field: string, fallback: number, min: number, max: number): number {
  const raw = source(field);
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** A list from cdk.json (array) or the command line (comma-separated string). */
function readList(source: ConfigSource, field: string, pattern: RegExp, what: string): readonly string[] {
  const raw = source(field);
  if (raw === undefined || raw === '') return [];
  const items = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : raw;
  if (!Array.isArray(items)) throw new ConfigError(field, 'must be a list or a comma-separated string');
  items.forEach((item: unknown, i) => {
    if (typeof item !== 'string' || !pattern.test(item)) {
      throw new ConfigError(`${field}[${i}]`, `must be ${what}`);
    }
  });
  return [...new Set(items as string[])];
}
