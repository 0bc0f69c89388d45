/**
 * The SIEM forwarder's handler: its own reader of the table's stream (a SIEM outage never
 * slows the stream processor or the sealer). Every new event item in the batch is decoded
 * and handed to the forwarder in stream order; blocks, checkpoints and removals are skipped.
 * The forwarder keeps what a destination cannot take in that destination's backlog, so
 * the batch fails only when an event could be neither delivered nor kept: then every
 * record is reported, and Lambda (or the local poller) retries the batch. Delivery is at
 * least once.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { fromEventItem } from '../../adapters/dynamodb/event-item';
import { tableChangeOf } from '../../adapters/dynamodb/stream-record';
import type { StoredEvent } from '../../core/event-schema';
import type { SiemForwarder } from '../../core/siem/ports';

/** The forwarder's Lambda handler (also called by the local stream poller). */
export type SiemStreamHandler = (event: DynamoDBStreamEvent, context?: Context) => Promise<DynamoDBBatchResponse>;

/** Builds the handler around a forwarder built once per cold start. */
export function createSiemStreamHandler(forwarder: SiemForwarder): SiemStreamHandler {
  return async (event) => {
    const records = event.Records;
    try {
      await forwarder.forward(records.flatMap(storedEventOf));
      return { batchItemFailures: [] };
    } catch (error) {
      console.error('siem forwarder: batch could be neither delivered nor kept', { error: describe(error) });
      return {
        batchItemFailures: records.map((record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' })),
      };
    }
  };
}

/** The stored event a record inserts; none for any other item or change. */
export function storedEventOf(record: DynamoDBRecord): StoredEvent[] {
  const change = tableChangeOf(record);
  if (change.kind !== 'INSERT' || change.item.kind !== 'event' || !change.newItem) return [];
  return [fromEventItem(change.newItem)];
}

/** Name and message only: a cause may carry request details. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
}
