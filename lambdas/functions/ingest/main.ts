/** Lambda entry of the audit writer (API Gateway proxy or direct invoke): wiring only. */
import { KMSClient } from '@aws-sdk/client-kms';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS, PERSONAL_DATA_ENVIRONMENT, SUBJECT_KEY_ENVIRONMENT } from '../../composition/function-environments';
import { buildIngestServices } from '../../composition/ingest-services';
import { awsSubjectKeys, personalDataKeysFrom } from '../../composition/subject-keys';
import { tracedDocumentClient } from '../shared/traced-clients';
import { instrumented, metrics, MetricUnit, tracer } from '../shared/observability';
import { createIngestHandler, type DirectIngestPayload } from './handler';
import { tableOptionsFrom } from '../../composition/audit-table-options';

// Composition root: built once per cold start, with the writer's use case only.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.ingest);
const documentClient = tracedDocumentClient();
// Personal fields are sealed under subject keys (PersonalDataProtection sets these variables).
const personalData = {
  ...awsSubjectKeys(readEnvironment(SUBJECT_KEY_ENVIRONMENT), { documentClient, kms: tracer.captureAWSv3Client(new KMSClient({})) }),
  personalDataKeys: personalDataKeysFrom(readEnvironment(PERSONAL_DATA_ENVIRONMENT)),
};
const ingest = createIngestHandler(buildIngestServices({ documentClient, ...tableOptionsFrom(env), personalData }));

/** Lambda entry. */
export const handler = instrumented(async (event: APIGatewayProxyEvent | DirectIngestPayload) => {
  const result = await ingest(event);
  const status = 'statusCode' in result ? result.statusCode : result.status;
  metrics.addMetric(status < 300 ? 'IngestSucceeded' : status < 500 ? 'IngestRejected' : 'IngestFailed', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
  return result;
});
