import type { Context } from 'aws-lambda';
import { documentClientFor, requiredEnv } from '../../adapters/dynamodb/document-client';
import { awsIntegrityAdapters } from '../../composition/aws-integrity-adapters';
import { DynamoDbBlockStore } from '../../adapters/dynamodb/dynamodb-block-store';
import { DynamoDbSealSource } from '../../adapters/dynamodb/dynamodb-seal-source';
import { powertoolsMetricSink } from '../shared/metric-sink';
import { logger, metrics } from '../shared/observability';
import { createSealerHandler } from './handler';

// Composition root: built once per cold start. The sealer needs no use case but sealing,
// so it builds only its own ports (no ingest or read side).
const documentClient = documentClientFor();
const tableName = requiredEnv('TABLE_NAME');
const { archive, signer, sealer: config } = awsIntegrityAdapters();
const seal = createSealerHandler({
  sealDeps: {
    source: new DynamoDbSealSource(documentClient, tableName),
    store: new DynamoDbBlockStore(documentClient, tableName),
    archive,
    signer,
  },
  config,
  metric: powertoolsMetricSink,
});

/** Lambda entry of the sealer (EventBridge schedule, every minute, reserved concurrency 1). */
export const handler = async (_event: unknown, context: Context) => {
  logger.addContext(context);
  try {
    return await seal();
  } finally {
    metrics.publishStoredMetrics();
  }
};
