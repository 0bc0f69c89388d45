/** Lambda entry of the scheduled verifier (daily): wiring only. */
import { awsIntegrityAdapters } from '../../composition/aws-integrity-adapters';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../composition/function-environments';
import { SERVICE_NAMES } from '../../core/service-names';
import { buildVerifierServices } from '../../composition/verifier';
import { powertoolsMetricSink } from '../shared/metric-sink';
import { tracedIntegrityClients } from '../shared/traced-integrity-clients';
import { tracedDocumentClient } from '../shared/traced-clients';
import { instrumented, metrics, tracer } from '../shared/observability';
import { SNSClient } from '@aws-sdk/client-sns';
import { createSnsCheckpointMail } from '../../adapters/sns/sns-checkpoint-mail';
import { awsRemembering } from '../../composition/verifier';
import { createVerifierHandler } from './handler';
import { awsMonitoringStateReader, buildMonitoringCheck, monitoringTargetOf } from '../../composition/monitoring-check';
import { tracedMonitoringClients } from '../shared/traced-monitoring-clients';
import { tableOptionsFrom } from '../../composition/audit-table-options';

// Composition root: built once per cold start.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.verifier);
const clients = tracedIntegrityClients();
const adapters = awsIntegrityAdapters(env, clients);
const verify = createVerifierHandler({
  ...buildVerifierServices({
    ...adapters,
    documentClient: tracedDocumentClient(),
    ...tableOptionsFrom(env),
  }),
  metric: powertoolsMetricSink,
  // Lambda sets AWS_LAMBDA_FUNCTION_NAME itself; it is not part of the contract.
  principal: `scheduled:${process.env.AWS_LAMBDA_FUNCTION_NAME ?? SERVICE_NAMES.verifier}`,
  ...(env.VERIFY_LOOKBACK_HOURS !== undefined ? { lookbackHours: env.VERIFY_LOOKBACK_HOURS } : {}),
  monitoringCheck: buildMonitoringCheck(monitoringTargetOf(env), awsMonitoringStateReader(tracedMonitoringClients())),
  ...(env.CHECKPOINT_BUCKET ? { remembering: awsRemembering(adapters, clients.s3, env.CHECKPOINT_BUCKET) } : {}),
  ...(env.CHECKPOINT_TOPIC_ARN
    ? { mailCheckpoint: createSnsCheckpointMail(tracer.captureAWSv3Client(new SNSClient({})), env.CHECKPOINT_TOPIC_ARN) }
    : {}),
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
