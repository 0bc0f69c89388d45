/**
 * The CDK app's typed configuration: resolved once in bin/app.ts from CDK context
 * (`-c key=value` or cdk.json), validated here, then passed down as props.
 * Constructs never read context or the environment themselves.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

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
  archiveRetentionYears: 7,
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
