/**
 * The local stand-in for Lambda's DynamoDB event source mapping: reads the audit table's
 * real stream from DynamoDB Local and calls the stream processor's Lambda handler with
 * the same event shape Lambda sends. Like the event source mapping it retries records the
 * handler reports as failed (or a whole batch whose invocation threw), with backoff, then
 * parks each record still failing in the on-failure file (the local SQS destination, see
 * stream-parked.ts) and moves on: a record is never dropped, and `dmis-audit stream
 * redrive` processes it again.
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { StreamProcessorHandler } from '../lambdas/functions/stream-processor/handler';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './clients';
import { parkRecords } from './stream-parked';
import { ShardReader, toLambdaRecord, type ShardRecord } from './stream-shards';

/** How to poll. */
export interface StreamPollerOptions {
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  readonly tableName: string;
  readonly handler: StreamProcessorHandler;
  /** NDJSON file for records that failed every attempt. */
  readonly failureFile: string;
  /**
   * Attempts per record, first included. More than Lambda's default because a busy
   * machine makes transient failures (DynamoDB Local timing out) common. @default 8
   */
  readonly maxAttempts?: number;
  /** Wait before the second attempt, doubled for each later one, at most 5 s. @default 200 */
  readonly backoffMs?: number;
  /** @default 250 */
  readonly pollIntervalMs?: number;
}

/** A running poller. */
export interface StreamPoller {
  stop(): Promise<void>;
}

/** Starts polling from the stream's current end: records written after this resolves are processed. */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const { Table } = await options.client.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream`);
  const streams = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const shards = new ShardReader(streams, streamArn);
  await shards.discover('LATEST');
  let running = true;
  const loop = (async () => {
    while (running) {
      const records = await shards
        .read()
        .catch((error: unknown) => (console.error('stream poller: read failed', error), []));
      if (records.length === 0) await sleep(options.pollIntervalMs ?? 250);
      else
        await deliver(records, streamArn, options).catch((error: unknown) =>
          console.error('stream poller: parking failed', error),
        );
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      streams.destroy();
    },
  };
}

/** Calls the handler, retries what fails with backoff, then parks what still fails. */
async function deliver(
  records: readonly ShardRecord[],
  streamArn: string,
  options: StreamPollerOptions,
): Promise<void> {
  const shardOf = new Map(records.map((r) => [r.record.dynamodb?.SequenceNumber ?? '', r.shardId]));
  let batch = records.map((r) => toLambdaRecord(r.record, streamArn));
  const maxAttempts = options.maxAttempts ?? 8;
  for (let attempt = 1; batch.length > 0; attempt++) {
    const failed = await failuresOf(batch, options.handler);
    batch = batch.filter((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
    if (batch.length === 0) return;
    if (attempt >= maxAttempts) return park(batch, shardOf, attempt, options.failureFile);
    await sleep(Math.min(MAX_BACKOFF_MS, (options.backoffMs ?? 200) * 2 ** (attempt - 1)));
  }
}

const MAX_BACKOFF_MS = 5000;

/** Sequence numbers the handler reports failed; all of them when the invocation throws (as Lambda retries a crash). */
async function failuresOf(batch: readonly DynamoDBRecord[], handler: StreamProcessorHandler): Promise<Set<string>> {
  try {
    const { batchItemFailures } = await handler({ Records: [...batch] });
    return new Set(batchItemFailures.map((f) => f.itemIdentifier));
  } catch (error) {
    console.error('stream poller: invocation failed', error);
    return new Set(batch.map((r) => r.dynamodb?.SequenceNumber ?? ''));
  }
}

/** Like Lambda's on-failure destination: where the record is, never its content. */
async function park(
  records: readonly DynamoDBRecord[],
  shardOf: ReadonlyMap<string, string>,
  attempts: number,
  file: string,
): Promise<void> {
  const failedAt = new Date().toISOString();
  await parkRecords(
    file,
    records.map((r) => ({
      eventSourceArn: r.eventSourceARN ?? '',
      shardId: shardOf.get(r.dynamodb?.SequenceNumber ?? '') ?? '',
      sequenceNumber: r.dynamodb?.SequenceNumber ?? '',
      ...(r.eventName ? { eventName: r.eventName } : {}),
      attempts,
      failedAt,
    })),
  );
  console.error(`stream poller: ${records.length} record(s) failed ${attempts} attempts, parked in ${file}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
