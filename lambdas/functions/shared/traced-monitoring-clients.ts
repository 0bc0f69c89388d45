import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { MonitoringCheckClients } from '../../composition/monitoring-check';
import { tracer } from './observability';

/**
 * The traced CloudWatch Logs and CloudWatch clients of the monitoring drift check. A module
 * of its own so that functions without the check never load those SDK packages.
 */
export function tracedMonitoringClients(): MonitoringCheckClients {
  return {
    logs: tracer.captureAWSv3Client(new CloudWatchLogsClient({})),
    cloudwatch: tracer.captureAWSv3Client(new CloudWatchClient({})),
  };
}
