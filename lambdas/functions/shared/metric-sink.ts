import type { AuditMetricName } from '../../core/monitoring/rule-types';
import { metrics, MetricUnit } from './observability';

/** One metric value; units are the two the integrity metrics use. */
export type MetricSink = (name: AuditMetricName, value: number, unit: 'Seconds' | 'Count') => void;

/** Powertools metrics (CloudWatch EMF), flushed by the caller with `metrics.publishStoredMetrics()`. */
export const powertoolsMetricSink: MetricSink = (name, value, unit) =>
  metrics.addMetric(name, unit === 'Seconds' ? MetricUnit.Seconds : MetricUnit.Count, value);
