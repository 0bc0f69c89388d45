/**
 * The integrity and pipeline rules: alarms on metrics the sealer and verifier publish and
 * on AWS services' own metrics. Part of the one rule set (rules.ts).
 */
import type { MonitoringRule } from './rule-types';

const metric = (
  rule: Omit<Extract<MonitoringRule, { source: 'metric' }>, 'source' | 'comparison' | 'evaluationPeriods'> & {
    evaluationPeriods?: number;
  },
): MonitoringRule => ({
  source: 'metric',
  comparison: 'GreaterThanOrEqualToThreshold',
  evaluationPeriods: 1,
  ...rule,
});

/** Rules on the DMIS/Audit metrics and on the AWS metrics of the pipeline. */
export function integrityAndPipelineRules(): MonitoringRule[] {
  return [
    metric({
      name: 'integrity-failures',
      metric: { kind: 'audit', name: 'IntegrityFailures' },
      statistic: 'Sum',
      severity: 'critical',
      periodMinutes: 5,
      threshold: 1,
      meaning: 'The verifier found an altered, missing or inserted event or block.',
    }),
    metric({
      name: 'seal-lag',
      metric: { kind: 'audit', name: 'SealLagSeconds' },
      statistic: 'Maximum',
      severity: 'high',
      periodMinutes: 5,
      threshold: 300,
      meaning: 'The newest sealed block is more than five minutes behind: events are unprotected by a signature.',
    }),
    metric({
      name: 'unsealed-events',
      metric: { kind: 'audit', name: 'UnsealedEvents' },
      statistic: 'Maximum',
      severity: 'high',
      periodMinutes: 5,
      evaluationPeriods: 3,
      threshold: 1,
      meaning: 'Events older than the sealing interval have stayed unsealed for 15 minutes.',
    }),
    metric({
      name: 'late-sealed-events',
      metric: { kind: 'audit', name: 'LateSealedEvents' },
      statistic: 'Sum',
      severity: 'high',
      periodMinutes: 5,
      threshold: 1,
      meaning:
        'An event was stored into an interval already sealed: a write slower than the grace, or an insertion into the past.',
    }),
    metric({
      name: 'reseal-refused',
      metric: { kind: 'audit', name: 'ResealRefused' },
      statistic: 'Sum',
      severity: 'critical',
      periodMinutes: 5,
      threshold: 1,
      meaning:
        'The table holds fewer leaves than a published checkpoint: sealed blocks were removed, and the sealer stopped rather than seal again.',
    }),
    metric({
      name: 'monitoring-drift',
      metric: { kind: 'audit', name: 'MonitoringDrift' },
      statistic: 'Sum',
      severity: 'critical',
      periodMinutes: 5,
      threshold: 1,
      meaning: 'A metric filter, log group or alarm is not as the code defines it: monitoring was weakened.',
    }),
    metric({
      name: 'stream-iterator-age',
      metric: { kind: 'pipeline', signal: 'streamIteratorAge' },
      statistic: 'Maximum',
      severity: 'high',
      periodMinutes: 5,
      threshold: 60_000,
      meaning: 'The stream processor is more than a minute behind: detection is delayed.',
    }),
    metric({
      name: 'failure-queue-depth',
      metric: { kind: 'pipeline', signal: 'failureQueueDepth' },
      statistic: 'Maximum',
      severity: 'high',
      periodMinutes: 5,
      threshold: 1,
      meaning: 'Stream records failed every retry: some events produced no security line.',
    }),
    metric({
      name: 'lambda-errors',
      metric: { kind: 'pipeline', signal: 'lambdaErrors' },
      statistic: 'Sum',
      severity: 'high',
      periodMinutes: 5,
      threshold: 5,
      meaning: 'An audit function is failing.',
    }),
    metric({
      name: 'lambda-throttles',
      metric: { kind: 'pipeline', signal: 'lambdaThrottles' },
      statistic: 'Sum',
      severity: 'medium',
      periodMinutes: 5,
      threshold: 1,
      meaning: 'An audit function was throttled: account concurrency is exhausted.',
    }),
    metric({
      name: 'api-5xx',
      metric: { kind: 'pipeline', signal: 'api5xx' },
      statistic: 'Sum',
      severity: 'high',
      periodMinutes: 5,
      threshold: 5,
      meaning: 'The audit API is returning server errors: DMIS services may be failing to record events.',
    }),
    metric({
      name: 'waf-blocked-spike',
      metric: { kind: 'pipeline', signal: 'wafBlocked' },
      statistic: 'Sum',
      severity: 'medium',
      periodMinutes: 5,
      threshold: 100,
      meaning: 'WAF is blocking many requests: an attack on the API or a misbehaving DMIS client.',
    }),
  ];
}
