/**
 * Lambda entry of the stream processor: security lines to stdout (its log group is the
 * security log), detector counters in DynamoDB, real-time alerts to the alarm topic. Wiring only.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { SnsNotifier } from '../../adapters/sns/sns-notifier';
import { StdoutSecurityLog } from '../../adapters/stdout/stdout-security-log';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../composition/function-environments';
import { buildSecurityStreamProcessor } from '../../composition/stream-processor';
import { tracedDocumentClient } from '../shared/traced-clients';
import { instrumented, logger, tracer } from '../shared/observability';
import { createStreamProcessorHandler } from './handler';

// Composition root: built once per cold start.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.streamProcessor);
const processStream = createStreamProcessorHandler(
  buildSecurityStreamProcessor({
    documentClient: tracedDocumentClient(),
    detectorTableName: env.DETECTOR_TABLE_NAME,
    securityLog: new StdoutSecurityLog(),
    notifier: new SnsNotifier(tracer.captureAWSv3Client(new SNSClient({})), env.ALARM_TOPIC_ARN),
    detector: { threshold: env.DETECTOR_THRESHOLD, windowSeconds: env.DETECTOR_WINDOW_SECONDS },
  }),
);

/** Lambda entry: returns the batch item failures for Lambda to retry. */
export const handler = instrumented(async (event: DynamoDBStreamEvent, context) => {
  const response = await processStream(event, context);
  if (response.batchItemFailures.length > 0)
    logger.warn('stream records failed', { failed: response.batchItemFailures.length, total: event.Records.length });
  return response;
});
