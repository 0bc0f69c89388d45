/**
 * Parked stream records: the local stand-in for the stream processor's SQS on-failure
 * queue. A record that failed every attempt is described, never copied, in an NDJSON file
 * (`.local/stream-failures.ndjson`): where it is in the stream, not what it holds. A redrive
 * reads each one back from the stream and runs the processor on it again; what fails again
 * stays parked. The file's line count is the local failure-queue depth.
 */
import { appendFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { StreamProcessorHandler } from '../lambdas/functions/stream-processor/handler';
import { recordAt, toLambdaRecord } from './stream-shards';

/** Where a parked record is in the stream, and why it is parked. */
export interface ParkedRecord {
  readonly eventSourceArn: string;
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly eventName?: string;
  readonly attempts: number;
  readonly failedAt: string;
}

/** Appends records to the parked file. */
export async function parkRecords(file: string, records: readonly ParkedRecord[]): Promise<void> {
  if (records.length === 0) return;
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

/** Every parked record; none when the file does not exist. */
export async function readParked(file: string): Promise<ParkedRecord[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' ? '' : Promise.reject(error),
  );
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ParkedRecord);
}

/** What a redrive did. */
export interface RedriveResult {
  /** Processed this time: no longer parked. */
  readonly processed: number;
  /** Failed again: parked again. */
  readonly failed: number;
  /** No longer in the stream (past its retention): left parked for an operator. */
  readonly missing: number;
}

/** What a redrive needs. */
export interface RedriveOptions {
  readonly file: string;
  readonly streams: DynamoDBStreamsClient;
  readonly handler: StreamProcessorHandler;
}

/** Re-processes every parked record once; what does not succeed goes back to the file. */
export async function redriveParked(options: RedriveOptions): Promise<RedriveResult> {
  // Taken aside first, so records the running poller parks meanwhile are appended to a
  // fresh file instead of being overwritten by this redrive.
  const taken = `${options.file}.redrive-${process.pid}`;
  const renamed = await rename(options.file, taken).then(
    () => true,
    (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? false : Promise.reject(error)),
  );
  if (!renamed) return { processed: 0, failed: 0, missing: 0 };
  const keep: ParkedRecord[] = [];
  let processed = 0;
  let missing = 0;
  // A record whose redrive throws (the stream unreachable) counts as failed: it is parked
  // again, never lost. Only then is the set-aside file removed.
  for (const parked of await readParked(taken)) {
    const outcome = await redriveOne(parked, options).catch(() => 'failed' as const);
    if (outcome === 'processed') processed += 1;
    if (outcome === 'missing') missing += 1;
    if (outcome === 'missing') keep.push(parked);
    if (outcome === 'failed')
      keep.push({ ...parked, attempts: parked.attempts + 1, failedAt: new Date().toISOString() });
  }
  await parkRecords(options.file, keep);
  await rm(taken);
  return { processed, failed: keep.length - missing, missing };
}

async function redriveOne(parked: ParkedRecord, options: RedriveOptions): Promise<'processed' | 'failed' | 'missing'> {
  const record = await recordAt(options.streams, parked.eventSourceArn, parked);
  if (!record) return 'missing';
  const result = await options
    .handler({ Records: [toLambdaRecord(record, parked.eventSourceArn)] })
    .catch(() => undefined);
  return result && result.batchItemFailures.length === 0 ? 'processed' : 'failed';
}
