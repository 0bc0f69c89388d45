import type { Context } from 'aws-lambda';
import { documentClientFor, requiredEnv } from '../../adapters/dynamodb/document-client';
import { awsIntegrityAdapters } from '../../composition/aws-integrity-adapters';
import { buildAuditServices } from '../../composition/audit-services';
import { powertoolsMetricSink } from '../shared/metric-sink';
import { logger, metrics } from '../shared/observability';
import { createVerifierHandler } from './handler';

// Composition root: built once per cold start.
const documentClient = documentClientFor();
const tableName = requiredEnv('TABLE_NAME');
const { integrity, ingestEvents } = buildAuditServices({
  documentClient,
  tableName,
  integrity: awsIntegrityAdapters(),
});
if (!integrity) throw new Error('integrity services were not built');
const verify = createVerifierHandler({
  integrity,
  ingestEvents,
  metric: powertoolsMetricSink,
  principal: `scheduled:${process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'audit-verifier'}`,
  lookbackHours: Number(process.env.VERIFY_LOOKBACK_HOURS ?? 25),
});

/** Lambda entry of the scheduled verifier (daily). */
export const handler = async (_event: unknown, context: Context) => {
  logger.addContext(context);
  try {
    const report = await verify();
    return {
      ok: report.ok,
      blocksChecked: report.blocksChecked,
      eventsChecked: report.eventsChecked,
      findings: report.findings.length,
    };
  } finally {
    metrics.publishStoredMetrics();
  }
};
