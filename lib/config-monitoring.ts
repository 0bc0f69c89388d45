/**
 * The detection part of the configuration (context keys monitoringRuleOverrides,
 * roleGrantAllowList, bruteForceThreshold, bruteForceWindowSeconds, wafRateLimit,
 * allowListedCidrs, securityLogRetentionDays), resolved for lib/config.ts.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RECORDS_RETENTION_DAYS } from '../lambdas/core/catalogue';
import type { RuleOverride } from '../lambdas/core/monitoring/rule-types';
import { monitoringRules } from '../lambdas/core/monitoring/rules';
import { ConfigError, readList, readNumber, readObject, readRetentionDays, type ConfigSource } from './config-readers';

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

/** The detection defaults. */
export const DEFAULT_MONITORING: MonitoringConfig = {
  ruleOverrides: {},
  roleGrantAllowList: [],
  bruteForceThreshold: 10,
  bruteForceWindowSeconds: 300,
  wafRateLimit: 2000,
  allowListedCidrs: [],
  securityLogRetentionDays: RetentionDays.TEN_YEARS,
};

const USER_ID = /^[\w.@:+-]{1,256}$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/;

/** Monitoring settings; rule overrides are checked against the rules themselves. */
export function readMonitoring(source: ConfigSource): MonitoringConfig {
  const d = DEFAULT_MONITORING;
  const ruleOverrides = readObject(source, 'monitoringRuleOverrides', 'an object keyed by rule name') as Record<string, RuleOverride>;
  const roleGrantAllowList = readList(source, 'roleGrantAllowList', USER_ID, 'a DMIS userId (letters, digits, . _ @ : + -)');
  try {
    monitoringRules({ overrides: ruleOverrides, roleGrantAllowList });
  } catch (error) {
    throw new ConfigError('monitoringRuleOverrides', (error as Error).message);
  }
  const windowSeconds = readNumber(source, 'bruteForceWindowSeconds', d.bruteForceWindowSeconds, 60, 3600);
  if (windowSeconds % 60 !== 0) throw new ConfigError('bruteForceWindowSeconds', 'must be whole minutes (a multiple of 60)');
  return {
    ruleOverrides,
    roleGrantAllowList,
    bruteForceThreshold: readNumber(source, 'bruteForceThreshold', d.bruteForceThreshold, 2, 10_000),
    bruteForceWindowSeconds: windowSeconds,
    wafRateLimit: readNumber(source, 'wafRateLimit', d.wafRateLimit, 100, 2_000_000_000),
    allowListedCidrs: readList(source, 'allowListedCidrs', CIDR, 'a CIDR range such as 203.0.113.0/24'),
    securityLogRetentionDays: readRetentionDays(source, 'securityLogRetentionDays', d.securityLogRetentionDays, RECORDS_RETENTION_DAYS),
  };
}
