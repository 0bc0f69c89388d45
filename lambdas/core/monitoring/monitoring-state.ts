/**
 * The port of the monitoring drift check (monitoring-drift.ts): the deployed monitoring as
 * CloudWatch Logs and CloudWatch describe it, reduced to what the check compares. Adapters:
 * lambdas/adapters/cloudwatch-logs/ and lambdas/adapters/cloudwatch/.
 */

/** A metric filter as CloudWatch Logs describes it. */
export interface FoundMetricFilter {
  readonly filterName: string;
  readonly pattern: string;
  readonly transformations: readonly {
    readonly namespace: string;
    readonly metricName: string;
    readonly metricValue: string;
    readonly dimensions: Readonly<Record<string, string>>;
  }[];
}

/** A log group's retention (undefined: never expire) and KMS key (undefined: none). */
export interface FoundLogGroup {
  readonly name: string;
  readonly retentionDays?: number;
  readonly kmsKeyArn?: string;
}

/** An alarm as CloudWatch describes it. */
export interface FoundAlarm {
  readonly alarmName: string;
  readonly description?: string;
  readonly actionsEnabled: boolean;
  readonly alarmActions: readonly string[];
  readonly okActions: readonly string[];
  readonly evaluationPeriods?: number;
  readonly threshold?: number;
  readonly periodSeconds?: number;
  readonly comparison?: string;
}

/** A subscription filter on a log group. */
export interface FoundSubscriptionFilter {
  readonly filterName: string;
  readonly destinationArn: string;
}

/** Reads the deployed monitoring (CloudWatch Logs and CloudWatch adapters); every method reads all pages. */
export interface MonitoringStateReader {
  metricFilters(logGroupName: string): Promise<FoundMetricFilter[]>;
  /** The log group of exactly this name, or undefined. */
  logGroup(name: string): Promise<FoundLogGroup | undefined>;
  subscriptionFilters(logGroupName: string): Promise<FoundSubscriptionFilter[]>;
  alarms(namePrefix: string): Promise<FoundAlarm[]>;
}
