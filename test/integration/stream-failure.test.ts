/**
 * Processor failure on real stream records: one record whose security line cannot be
 * written is reported by Powertools' partial batch response, retried with backoff, and
 * after the last attempt is parked in the on-failure file, while the records around it
 * are processed. The parked record raises the failure-queue-depth alarm, and a redrive
 * once the fault is gone yields its line and empties the file.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildAuditServices } from '../../lambdas/composition/audit-services';
import { BruteForceDetector } from '../../lambdas/core/monitoring/brute-force-detector';
import { InMemoryDetectorCounters } from '../../lambdas/core/monitoring/in-memory-detector-counters';
import type { SecurityLog } from '../../lambdas/core/monitoring/ports';
import type { SecurityLine } from '../../lambdas/core/monitoring/security-line';
import { SecurityStreamProcessor } from '../../lambdas/core/monitoring/security-stream-processor';
import { createStreamProcessorHandler } from '../../lambdas/functions/stream-processor/handler';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GaugeAlarms, pipelineRule } from '../../local/gauge-alarms';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/clients';
import { readParked, redriveParked } from '../../local/stream-parked';
import { startStreamPoller, type StreamPoller } from '../../local/stream-poller';
import { anEvent } from '../fixtures/events';
import { createTestTable } from '../setup/table';
import { waitFor } from '../fixtures/wait-for';

/** Fails every write of one event's line, as a broken log sink or a bug would. */
class PoisonedLog implements SecurityLog {
  readonly written: SecurityLine[] = [];
  attemptsOnPoison = 0;
  healed = false;
  constructor(private readonly poisonEventId: string) {}
  async write(line: SecurityLine): Promise<void> {
    if (line.eventId !== this.poisonEventId || this.healed) return void this.written.push(line);
    this.attemptsOnPoison++;
    throw new Error('cannot write this line');
  }
}


describe('a failing stream record', () => {
  const events = [anEvent(), anEvent(), anEvent()];
  const poison = events[1]?.eventId as string;
  const log = new PoisonedLog(poison);
  const responses: DynamoDBBatchResponse[] = [];
  let poller: StreamPoller;
  let failureFile: string;
  let endpoint: string;
  let handler: ReturnType<typeof createStreamProcessorHandler>;

  beforeAll(async () => {
    const table = await createTestTable('failure');
    failureFile = join(await mkdtemp(join(tmpdir(), 'dmis-failure-')), 'stream-failures.ndjson');
    const notifier = { publish: async () => undefined };
    const processor = new SecurityStreamProcessor({
      securityLog: log,
      notifier,
      detector: new BruteForceDetector(new InMemoryDetectorCounters(), notifier),
    });
    handler = createStreamProcessorHandler(processor);
    endpoint = table.endpoint;
    poller = await startStreamPoller({
      client: table.client,
      endpoint: table.endpoint,
      tableName: table.tableName,
      failureFile,
      pollIntervalMs: 50,
      backoffMs: 10,
      handler: async (event) => {
        const response = await handler(event);
        responses.push(response);
        return response;
      },
    });
    await buildAuditServices({ documentClient: table.documentClient, tableName: table.tableName }).ingestEvents.execute(
      { events },
      { principal: 'local:writer' },
    );
    await waitFor(async () => (await readFile(failureFile, 'utf8').catch(() => '')) || undefined);
  });

  afterAll(async () => {
    await poller?.stop();
  });

  it('does not block the records around it', () => {
    expect(log.written.map((l) => l.eventId).sort()).toEqual([events[0]?.eventId, events[2]?.eventId].sort());
  });

  it('is reported alone in the partial batch responses', () => {
    expect(responses.map((r) => r.batchItemFailures.length).filter((n) => n > 0)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('is retried up to the attempt limit', () => {
    expect(log.attemptsOnPoison).toBe(8);
  });

  it('reaches the on-failure destination with its sequence number and no content', async () => {
    // Act
    const records = (await readFile(failureFile, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    // Assess
    expect(records).toEqual([
      {
        eventSourceArn: expect.any(String),
        shardId: expect.any(String),
        eventName: 'INSERT',
        sequenceNumber: responses.find((r) => r.batchItemFailures.length > 0)?.batchItemFailures[0]?.itemIdentifier,
        attempts: 8,
        failedAt: expect.any(String),
      },
    ]);
  });

  it('raises the failure-queue-depth alarm while parked', async () => {
    // Prepare
    const gauge = { rule: pipelineRule('failureQueueDepth'), read: async () => (await readParked(failureFile)).length };
    // Act
    const { statuses } = await new GaugeAlarms([gauge], new Date()).evaluate(new Date());
    // Assess
    expect(statuses).toEqual([expect.objectContaining({ name: 'failure-queue-depth', state: 'ALARM', value: 1 })]);
  });

  it('is processed by a redrive once the fault is gone, and leaves the file', async () => {
    // Prepare
    log.healed = true;
    const streams = new DynamoDBStreamsClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    // Act
    const result = await redriveParked({ file: failureFile, streams, handler }).finally(() => streams.destroy());
    // Assess
    expect([result, log.written.filter((l) => l.eventId === poison).length, await readParked(failureFile)]).toEqual([
      { processed: 1, failed: 0, missing: 0 },
      1,
      [],
    ]);
  });
});
