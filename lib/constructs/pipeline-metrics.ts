/**
 * The AWS metrics behind the pipeline rules: stream iterator age, on-failure queue depth,
 * per-function errors and throttles, API 5xx and WAF blocked requests.
 */
import { Aws, Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { MetricRule, PipelineSignal } from '../../lambdas/core/monitoring/rule-types';

/** The resources whose AWS metrics the pipeline rules watch. */
export interface PipelineResources {
  readonly streamProcessor: lambda.IFunction;
  readonly failureQueue: sqs.IQueue;
  /** Every audit function, for the per-function error and throttle alarms. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  readonly api: apigw.RestApi;
  /** The WAF web ACL's name (its metrics' WebACL dimension). */
  readonly webAclName: string;
}

/** The metric(s) of a pipeline signal, keyed '' or, for per-function signals, by function key. */
export function pipelineMetrics(
  signal: PipelineSignal,
  rule: MetricRule,
  p: PipelineResources,
): Record<string, cw.IMetric> {
  const options = { statistic: rule.statistic, period: Duration.minutes(rule.periodMinutes) };
  const perFunction = (metricOf: (fn: lambda.IFunction) => cw.IMetric) =>
    Object.fromEntries(Object.entries(p.functions).map(([key, fn]) => [key, metricOf(fn)]));
  switch (signal) {
    case 'streamIteratorAge':
      return { '': p.streamProcessor.metric('IteratorAge', options) };
    case 'failureQueueDepth':
      return { '': p.failureQueue.metricApproximateNumberOfMessagesVisible(options) };
    case 'lambdaErrors':
      return perFunction((fn) => fn.metricErrors(options));
    case 'lambdaThrottles':
      return perFunction((fn) => fn.metricThrottles(options));
    case 'api5xx':
      return { '': p.api.metricServerError(options) };
    case 'wafBlocked':
      return {
        '': new cw.Metric({
          namespace: 'AWS/WAFV2',
          metricName: 'BlockedRequests',
          dimensionsMap: { WebACL: p.webAclName, Region: Aws.REGION, Rule: 'ALL' },
          ...options,
        }),
      };
  }
}
