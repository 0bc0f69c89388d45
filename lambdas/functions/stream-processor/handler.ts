/**
 * The stream processor's handler: Powertools batch processing over DynamoDB stream
 * records with partial failure reporting. A failing record is reported by its sequence
 * number; Lambda retries from it (bisecting the batch) and, once retries or record age
 * run out, sends it to the on-failure queue while the rest of the stream moves on.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { tableChangeOf } from '../../adapters/dynamodb/stream-record';
import type { SecurityStreamProcessor } from '../../core/monitoring/security-stream-processor';

/** A stream processor Lambda handler (also called by the local stream poller). */
export type StreamProcessorHandler = (event: DynamoDBStreamEvent, context?: Context) => Promise<DynamoDBBatchResponse>;

/** Builds the handler around the use case; one BatchProcessor per handler, as Powertools expects. */
export function createStreamProcessorHandler(processor: SecurityStreamProcessor): StreamProcessorHandler {
  const batch = new BatchProcessor(EventType.DynamoDBStreams);
  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    await processor.process(tableChangeOf(record));
  };
  return async (event, context) => {
    const response = await processPartialResponse(event, handleRecord, batch, {
      ...(context ? { context } : {}),
      // A batch where every record failed is reported like any other: Lambda retries and bisects.
      throwOnFullBatchFailure: false,
    });
    return response as DynamoDBBatchResponse;
  };
}
