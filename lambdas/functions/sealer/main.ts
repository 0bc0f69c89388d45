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
import { S3TrustedKeys } from '../../adapters/s3/s3-checkpoints';
import { publishSigningKey } from '../../core/integrity/publish-keys';
import { tableOptionsFrom } from '../../composition/audit-table-options';

// Composition root: built once per cold start.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.sealer);
const clients = tracedIntegrityClients();
const adapters = awsIntegrityAdapters(env, clients);
const services = buildSealerServices({
  ...adapters,
  documentClient: tracedDocumentClient(),
  ...tableOptionsFrom(env),
});
const keysBucket = env.CHECKPOINT_BUCKET;
const seal = createSealerHandler({
  ...services,
  metric: powertoolsMetricSink,
  // The signing key (SIGNING_KEY_ARN) is published beside the checkpoints; a new one closes the old key's window.
  ...(keysBucket
    ? {
        publishKeys: () =>
          publishSigningKey({
            store: new S3TrustedKeys(clients.s3, keysBucket),
            signer: adapters.signer,
            newestBlockEnd: async () => (await services.sealDeps.store.latestBlock())?.to,
          }),
      }
    : {}),
});

/** Lambda entry. */
export const handler = instrumented(async (_event: unknown) => {
  try {
    return await seal();
  } finally {
    metrics.publishStoredMetrics();
  }
});
