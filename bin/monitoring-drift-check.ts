/**
 * The monitoring drift check from the command line (`npm run verify -- --aws`): the target
 * from the verifier's environment contract (MONITORING_CHECK_ENVIRONMENT, e.g. exported from
 * the verifier function's configuration), CloudWatch read with the default credential chain.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { readEnvironment } from '../lambdas/composition/environment';
import { MONITORING_CHECK_ENVIRONMENT } from '../lambdas/composition/function-environments';
import {
  awsMonitoringStateReader,
  buildMonitoringCheck,
  monitoringTargetOf,
  type MonitoringCheckClients,
} from '../lambdas/composition/monitoring-check';
import { neutraliseLine } from '../lambdas/core/display-text';
import type { DriftFinding } from '../lambdas/core/monitoring/monitoring-drift';

/** One line per finding: code, subject, expected vs found (CloudWatch's text, neutralised). */
export function driftLine(f: DriftFinding): string {
  return neutraliseLine(`DRIFT ${f.code.padEnd(38)} ${f.subject}: expected ${f.expected}, found ${f.found}`);
}

/** Runs the check against the deployed stack and prints the result; true when no finding. */
export async function checkDeployedMonitoring(
  env: Readonly<Record<string, string | undefined>> = process.env,
  clients: MonitoringCheckClients = { logs: new CloudWatchLogsClient({}), cloudwatch: new CloudWatchClient({}) },
): Promise<boolean> {
  const target = monitoringTargetOf(readEnvironment(MONITORING_CHECK_ENVIRONMENT, env));
  const findings = await buildMonitoringCheck(target, awsMonitoringStateReader(clients))();
  findings.forEach((f) => console.log(driftLine(f)));
  console.log(
    findings.length === 0
      ? 'OK: monitoring (metric filters, log group, alarms, subscription filters) is as the code defines it'
      : `FAILED: ${findings.length} monitoring drift findings`,
  );
  return findings.length === 0;
}
