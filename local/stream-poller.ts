/**
 * The local stand-in for Lambda's DynamoDB event source mapping: reads the audit table's
 * real stream from DynamoDB Local and calls the stream processor's Lambda handler with
 * the same event shape Lambda sends. Like the event source mapping it retries records the
 * handler reports as failed, a bounded number of times, then writes the failure's metadata
 * to an on-failure file (the local SQS destination) and moves on.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, type _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { StreamProcessorHandler } from '../lambdas/functions/stream-processor/handler';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './clients';
import { ShardReader, toLambdaRecord } from './stream-shards';

/** How to poll. */
export interface StreamPollerOptions {
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  readonly tableName: string;
  readonly handler: StreamProcessorHandler;
  /** NDJSON file for records that failed every attempt. */
  readonly failureFile: string;
  /** Attempts per record, first included (Lambda: retryAttempts + 1). @default 3 */
  readonly maxAttempts?: number;
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
      // Lambda would retry a crashed invocation; here the records are logged and the stream moves on.
      else
        await deliver(records, streamArn, options).catch((error: unknown) =>
          console.error('stream poller: delivery failed', error),
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

/** Calls the handler, retries the records it reports failed, then records the rest as failures. */
async function deliver(records: readonly _Record[], streamArn: string, options: StreamPollerOptions): Promise<void> {
  let batch = records.map((r) => toLambdaRecord(r, streamArn));
  const maxAttempts = options.maxAttempts ?? 3;
  for (let attempt = 1; batch.length > 0; attempt++) {
    const { batchItemFailures } = await options.handler({ Records: batch });
    const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
    batch = batch.filter((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
    if (batch.length > 0 && attempt >= maxAttempts) return writeFailures(batch, attempt, options.failureFile);
  }
}

/** Like Lambda's on-failure destination: where the record is, never its content. */
async function writeFailures(records: readonly DynamoDBRecord[], attempts: number, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const lines = records.map((r) =>
    JSON.stringify({
      eventSourceArn: r.eventSourceARN,
      eventName: r.eventName,
      sequenceNumber: r.dynamodb?.SequenceNumber,
      attempts,
      failedAt: new Date().toISOString(),
    }),
  );
  await appendFile(file, `${lines.join('\n')}\n`);
  console.error(`stream poller: ${records.length} record(s) failed ${attempts} attempts; see ${file}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
