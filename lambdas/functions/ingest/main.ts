/** Lambda entry of the audit writer (API Gateway proxy or direct invoke): wiring only. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../composition/function-environments';
import { buildIngestServices } from '../../composition/ingest-services';
import { tracedDocumentClient } from '../shared/traced-clients';
import { instrumented, metrics, MetricUnit } from '../shared/observability';
import { createIngestHandler, type DirectIngestPayload } from './handler';

// Composition root: built once per cold start, with the writer's use case only.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.ingest);
const documentClient = tracedDocumentClient();
const ingest = createIngestHandler(buildIngestServices({ documentClient, tableName: env.TABLE_NAME }));

/** Lambda entry. */
export const handler = instrumented(async (event: APIGatewayProxyEvent | DirectIngestPayload) => {
  const result = await ingest(event);
  const status = 'statusCode' in result ? result.statusCode : result.status;
  metrics.addMetric(status < 300 ? 'IngestSucceeded' : status < 500 ? 'IngestRejected' : 'IngestFailed', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
  return result;
});
