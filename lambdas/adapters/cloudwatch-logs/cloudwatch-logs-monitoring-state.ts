/**
 * The CloudWatch Logs half of the monitoring drift check's reader: metric filters, log
 * groups and subscription filters, every page read.
 */
import {
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  DescribeSubscriptionFiltersCommand,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import type {
  FoundLogGroup,
  FoundMetricFilter,
  FoundSubscriptionFilter,
  MonitoringStateReader,
} from '../../core/monitoring/monitoring-state';
import { allPages } from '../all-pages';

const tokenOf = (token: string | undefined) => (token ? { nextToken: token } : {});

/** Reads metric filters, log groups and subscription filters from CloudWatch Logs. */
export class CloudWatchLogsMonitoringState implements Pick<
  MonitoringStateReader,
  'metricFilters' | 'logGroup' | 'subscriptionFilters'
> {
  constructor(private readonly client: CloudWatchLogsClient) {}

  async metricFilters(logGroupName: string): Promise<FoundMetricFilter[]> {
    const filters = await allPages(async (token) => {
      const page = await this.client.send(new DescribeMetricFiltersCommand({ logGroupName, ...tokenOf(token) }));
      return { items: page.metricFilters ?? [], ...(page.nextToken ? { next: page.nextToken } : {}) };
    });
    return filters.map((f) => ({
      filterName: f.filterName ?? '',
      pattern: f.filterPattern ?? '',
      transformations: (f.metricTransformations ?? []).map((t) => ({
        namespace: t.metricNamespace ?? '',
        metricName: t.metricName ?? '',
        metricValue: t.metricValue ?? '',
        dimensions: t.dimensions ?? {},
      })),
    }));
  }

  async logGroup(name: string): Promise<FoundLogGroup | undefined> {
    // A prefix query returns every group whose name starts so; only the exact name counts.
    const groups = await allPages(async (token) => {
      const page = await this.client.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: name, ...tokenOf(token) }),
      );
      return { items: page.logGroups ?? [], ...(page.nextToken ? { next: page.nextToken } : {}) };
    });
    const group = groups.find((g) => g.logGroupName === name);
    if (!group) return undefined;
    return {
      name,
      ...(group.retentionInDays !== undefined ? { retentionDays: group.retentionInDays } : {}),
      ...(group.kmsKeyId ? { kmsKeyArn: group.kmsKeyId } : {}),
    };
  }

  async subscriptionFilters(logGroupName: string): Promise<FoundSubscriptionFilter[]> {
    const filters = await allPages(async (token) => {
      const page = await this.client.send(new DescribeSubscriptionFiltersCommand({ logGroupName, ...tokenOf(token) }));
      return { items: page.subscriptionFilters ?? [], ...(page.nextToken ? { next: page.nextToken } : {}) };
    });
    return filters.map((f) => ({ filterName: f.filterName ?? '', destinationArn: f.destinationArn ?? '' }));
  }
}
