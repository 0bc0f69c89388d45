import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { documentClientFor, requiredEnv } from '../../adapters/dynamodb/document-client';
import { buildIngestServices } from '../../composition/ingest-services';
import { createIngestHandler, type DirectIngestPayload } from './handler';
import { logger, metrics, MetricUnit } from '../shared/observability';

// Composition root: built once per cold start, with the writer's use case only.
const ingest = createIngestHandler(
  buildIngestServices({ documentClient: documentClientFor(), tableName: requiredEnv('TABLE_NAME') }),
);

/** Lambda entry of the audit writer (API Gateway proxy or direct invoke). */
export const handler = async (event: APIGatewayProxyEvent | DirectIngestPayload, context: Context) => {
  logger.addContext(context);
  const result = await ingest(event);
  const status = 'statusCode' in result ? result.statusCode : result.status;
  metrics.addMetric(status < 300 ? 'IngestSucceeded' : status < 500 ? 'IngestRejected' : 'IngestFailed', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
  return result;
};
