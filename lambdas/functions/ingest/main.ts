/** Lambda entry of the audit writer (API Gateway proxy or direct invoke): wiring only. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { documentClientFor } from '../../adapters/dynamodb/document-client';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../composition/function-environments';
import { buildIngestServices } from '../../composition/ingest-services';
import { instrumented, metrics, MetricUnit, tracer } from '../shared/observability';
import { createIngestHandler, type DirectIngestPayload } from './handler';

// Composition root: built once per cold start, with the writer's use case only.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.ingest);
const documentClient = documentClientFor(tracer.captureAWSv3Client(new DynamoDBClient({})));
const ingest = createIngestHandler(buildIngestServices({ documentClient, tableName: env.TABLE_NAME }));

/** Lambda entry. */
export const handler = instrumented(async (event: APIGatewayProxyEvent | DirectIngestPayload) => {
  const result = await ingest(event);
  const status = 'statusCode' in result ? result.statusCode : result.status;
  metrics.addMetric(status < 300 ? 'IngestSucceeded' : status < 500 ? 'IngestRejected' : 'IngestFailed', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
  return result;
});
