/** Lambda entry of the sealer (EventBridge schedule, every minute, reserved concurrency 1): wiring only. */
import { awsIntegrityAdapters } from '../../composition/aws-integrity-adapters';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../composition/function-environments';
import { buildSealerServices } from '../../composition/sealer';
import { powertoolsMetricSink } from '../shared/metric-sink';
import { tracedIntegrityClients } from '../shared/traced-integrity-clients';
import { tracedDocumentClient } from '../shared/traced-clients';
import { instrumented, metrics } from '../shared/observability';
import { createSealerHandler } from './handler';

// Composition root: built once per cold start.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.sealer);
const adapters = awsIntegrityAdapters(env, tracedIntegrityClients());
const seal = createSealerHandler({
  ...buildSealerServices({
    ...adapters,
    documentClient: tracedDocumentClient(),
    tableName: env.TABLE_NAME,
  }),
  metric: powertoolsMetricSink,
});

/** Lambda entry. */
export const handler = instrumented(async (_event: unknown) => {
  try {
    return await seal();
  } finally {
    metrics.publishStoredMetrics();
  }
});
