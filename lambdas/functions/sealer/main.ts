/** Lambda entry of the sealer (EventBridge schedule, every minute, reserved concurrency 1): wiring only. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { documentClientFor } from '../../adapters/dynamodb/document-client';
import { awsIntegrityAdapters } from '../../composition/aws-integrity-adapters';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../composition/function-environments';
import { buildSealerServices } from '../../composition/sealer';
import { powertoolsMetricSink } from '../shared/metric-sink';
import { instrumented, metrics, tracer } from '../shared/observability';
import { createSealerHandler } from './handler';

// Composition root: built once per cold start.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.sealer);
const adapters = awsIntegrityAdapters(env, {
  s3: tracer.captureAWSv3Client(new S3Client({})),
  kms: tracer.captureAWSv3Client(new KMSClient({})),
});
const seal = createSealerHandler({
  ...buildSealerServices({
    ...adapters,
    documentClient: documentClientFor(tracer.captureAWSv3Client(new DynamoDBClient({}))),
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
