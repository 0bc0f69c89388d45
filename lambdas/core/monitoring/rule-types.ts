/**
 * The shape of a monitoring rule. A rule is data: what it counts, over what period, the
 * threshold and comparison, and its severity. CDK turns rules into metric filters and
 * alarms (lib/constructs/monitoring.ts); the local runtime evaluates the log rules itself.
 */
import { SERVICE_NAMES, type ServiceName } from '../service-names';
import type { FilterPattern } from './filter-pattern';

/** CloudWatch's comparison operators, the subset the rules use. */
export type RuleComparison = 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'GreaterThanUpperThreshold';

/** How urgent an alarm is; decides its place in MONITORING.md and the dashboard. */
export type RuleSeverity = 'critical' | 'high' | 'medium';

/** Metrics the sealer and verifier publish in MONITORING_NAMESPACE. */
export type AuditMetricName = 'IntegrityFailures' | 'SealLagSeconds' | 'UnsealedEvents' | 'MonitoringDrift' | 'LateSealedEvents' | 'ResealRefused';

/**
 * The Powertools service name of the function publishing each audit metric. Powertools
 * adds it as the `service` dimension, and an alarm only sees a metric with exactly its
 * dimensions, so the sealer and verifier functions must use these service names.
 */
export const AUDIT_METRIC_PUBLISHERS: Readonly<Record<AuditMetricName, ServiceName>> = {
  IntegrityFailures: SERVICE_NAMES.verifier,
  SealLagSeconds: SERVICE_NAMES.sealer,
  UnsealedEvents: SERVICE_NAMES.sealer,
  MonitoringDrift: SERVICE_NAMES.verifier,
  LateSealedEvents: SERVICE_NAMES.sealer,
  ResealRefused: SERVICE_NAMES.sealer,
};

/** Pipeline signals that come from AWS services' own metrics; CDK maps each to real metrics. */
export type PipelineSignal =
  'streamIteratorAge' | 'failureQueueDepth' | 'lambdaErrors' | 'lambdaThrottles' | 'api5xx' | 'wafBlocked';

/** What every rule has. */
interface RuleBase {
  /** Stable kebab-case id: alarm description, config override key, local alarm name. */
  readonly name: string;
  /** What an ALARM means, in one sentence. */
  readonly meaning: string;
  readonly severity: RuleSeverity;
  readonly periodMinutes: number;
  /** Consecutive periods that must breach. */
  readonly evaluationPeriods: number;
  readonly threshold: number;
  readonly comparison: RuleComparison;
}

/** Counts security lines that match a filter pattern. */
export interface LogRule extends RuleBase {
  readonly source: 'log';
  readonly pattern: FilterPattern;
  /** Metric the filter publishes (no dimensions). */
  readonly metricName: string;
}

/** Watches a metric published by the sealer/verifier or by an AWS service. */
export interface MetricRule extends RuleBase {
  readonly source: 'metric';
  readonly metric:
    | { readonly kind: 'audit'; readonly name: AuditMetricName }
    | { readonly kind: 'pipeline'; readonly signal: PipelineSignal };
  readonly statistic: 'Sum' | 'Maximum';
}

/** An anomaly-detection band on a log rule's metric; `threshold` is the band width in standard deviations. */
export interface AnomalyRule extends RuleBase {
  readonly source: 'anomaly';
  /** The log rule whose metric the band watches. */
  readonly ofRule: string;
}

/** Any monitoring rule. */
export type MonitoringRule = LogRule | MetricRule | AnomalyRule;

/** What typed config may change per rule. */
export interface RuleOverride {
  readonly threshold?: number;
  readonly periodMinutes?: number;
  readonly evaluationPeriods?: number;
  /** false removes the rule (and its alarm); a reason belongs in the config's history. */
  readonly enabled?: boolean;
}
