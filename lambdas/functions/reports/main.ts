/** Lambda entry of the scheduled reports (daily login activity, weekly data changes): wiring only. */
import { SNSClient } from '@aws-sdk/client-sns';
import { S3ReportDelivery } from '../../adapters/s3/s3-report-delivery';
import { awsIntegrityAdapters } from '../../composition/aws-integrity-adapters';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../composition/function-environments';
import { buildReportServices } from '../../composition/reports';
import { SERVICE_NAMES } from '../../core/service-names';
import { instrumented, tracer } from '../shared/observability';
import { tracedDocumentClient } from '../shared/traced-clients';
import { tracedIntegrityClients } from '../shared/traced-integrity-clients';
import { createReportsHandler } from './handler';
import { tableOptionsFrom } from '../../composition/audit-table-options';

// Composition root: built once per cold start.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.reports);
const clients = tracedIntegrityClients();
const reports = createReportsHandler({
  reports: buildReportServices({
    documentClient: tracedDocumentClient(),
    ...tableOptionsFrom(env),
    integrity: awsIntegrityAdapters(env, clients),
    lockout: { threshold: env.DETECTOR_THRESHOLD, windowSeconds: env.DETECTOR_WINDOW_SECONDS },
    delivery: new S3ReportDelivery(clients.s3, tracer.captureAWSv3Client(new SNSClient({})), {
      bucket: env.REPORTS_BUCKET,
      kmsKeyArn: env.REPORTS_KEY_ARN,
      topicArn: env.REPORTS_TOPIC_ARN,
      // Lambda sets AWS_REGION itself; it is not part of the contract.
      region: process.env.AWS_REGION ?? 'us-east-1',
    }),
  }),
  // Lambda sets AWS_LAMBDA_FUNCTION_NAME itself; it is not part of the contract.
  principal: `scheduled:${process.env.AWS_LAMBDA_FUNCTION_NAME ?? SERVICE_NAMES.reports}`,
});

/** Lambda entry. */
export const handler = instrumented(async (event: unknown) => reports(event));
