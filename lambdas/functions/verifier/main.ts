/** Lambda entry of the scheduled verifier (daily): wiring only. */
import { awsIntegrityAdapters } from '../../composition/aws-integrity-adapters';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../composition/function-environments';
import { SERVICE_NAMES } from '../../core/service-names';
import { buildVerifierServices } from '../../composition/verifier';
import { powertoolsMetricSink } from '../shared/metric-sink';
import { tracedIntegrityClients } from '../shared/traced-integrity-clients';
import { tracedDocumentClient } from '../shared/traced-clients';
import { instrumented, metrics } from '../shared/observability';
import { createVerifierHandler } from './handler';

// Composition root: built once per cold start.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.verifier);
const adapters = awsIntegrityAdapters(env, tracedIntegrityClients());
const verify = createVerifierHandler({
  ...buildVerifierServices({
    ...adapters,
    documentClient: tracedDocumentClient(),
    tableName: env.TABLE_NAME,
  }),
  metric: powertoolsMetricSink,
  // Lambda sets AWS_LAMBDA_FUNCTION_NAME itself; it is not part of the contract.
  principal: `scheduled:${process.env.AWS_LAMBDA_FUNCTION_NAME ?? SERVICE_NAMES.verifier}`,
  ...(env.VERIFY_LOOKBACK_HOURS !== undefined ? { lookbackHours: env.VERIFY_LOOKBACK_HOURS } : {}),
});

/** Lambda entry. */
export const handler = instrumented(async (_event: unknown) => {
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
});
