/**
 * Lambda entry of the stream processor: security lines to stdout (its log group is the
 * security log), detector counters in DynamoDB, real-time alerts to the alarm topic.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { documentClientFor, requiredEnv } from '../../adapters/dynamodb/document-client';
import { DynamoDbDetectorCounters } from '../../adapters/dynamodb/detector-counters';
import { SnsNotifier } from '../../adapters/sns/sns-notifier';
import { StdoutSecurityLog } from '../../adapters/stdout/stdout-security-log';
import { BruteForceDetector } from '../../core/monitoring/brute-force-detector';
import { SecurityStreamProcessor } from '../../core/monitoring/security-stream-processor';
import { logger } from '../shared/observability';
import { createStreamProcessorHandler } from './handler';

// Composition root: built once per cold start.
const notifier = new SnsNotifier(new SNSClient({}), requiredEnv('ALARM_TOPIC_ARN'));
const detector = new BruteForceDetector(
  new DynamoDbDetectorCounters(documentClientFor(), requiredEnv('DETECTOR_TABLE_NAME')),
  notifier,
  {
    threshold: Number(requiredEnv('DETECTOR_THRESHOLD')),
    windowSeconds: Number(requiredEnv('DETECTOR_WINDOW_SECONDS')),
  },
);
const processStream = createStreamProcessorHandler(
  new SecurityStreamProcessor({ securityLog: new StdoutSecurityLog(), detector, notifier }),
);

/** Lambda entry: returns the batch item failures for Lambda to retry. */
export const handler = async (event: DynamoDBStreamEvent, context: Context) => {
  logger.addContext(context);
  const response = await processStream(event, context);
  if (response.batchItemFailures.length > 0)
    logger.warn('stream records failed', { failed: response.batchItemFailures.length, total: event.Records.length });
  return response;
};
