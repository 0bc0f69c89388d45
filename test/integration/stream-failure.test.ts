/**
 * Processor failure on real stream records: one record whose security line cannot be
 * written is reported by Powertools' partial batch response, retried, and after the last
 * attempt lands in the on-failure file, while the records around it are processed.
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
import { startStreamPoller, type StreamPoller } from '../../local/stream-poller';
import { anEvent } from '../fixtures/events';
import { createTestTable } from '../setup/table';
import { waitFor } from '../fixtures/wait-for';

/** Fails every write of one event's line, as a broken log sink or a bug would. */
class PoisonedLog implements SecurityLog {
  readonly written: SecurityLine[] = [];
  attemptsOnPoison = 0;
  constructor(private readonly poisonEventId: string) {}
  async write(line: SecurityLine): Promise<void> {
    if (line.eventId !== this.poisonEventId) return void this.written.push(line);
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

  beforeAll(async () => {
    const table = await createTestTable('failure');
    failureFile = join(await mkdtemp(join(tmpdir(), 'dmis-failure-')), 'stream-failures.ndjson');
    const notifier = { publish: async () => undefined };
    const processor = new SecurityStreamProcessor({
      securityLog: log,
      notifier,
      detector: new BruteForceDetector(new InMemoryDetectorCounters(), notifier),
    });
    const handler = createStreamProcessorHandler(processor);
    poller = await startStreamPoller({
      client: table.client,
      endpoint: table.endpoint,
      tableName: table.tableName,
      failureFile,
      maxAttempts: 3,
      pollIntervalMs: 50,
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
    expect(responses.map((r) => r.batchItemFailures.length).filter((n) => n > 0)).toEqual([1, 1, 1]);
  });

  it('is retried up to the attempt limit', () => {
    expect(log.attemptsOnPoison).toBe(3);
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
        eventName: 'INSERT',
        sequenceNumber: responses.find((r) => r.batchItemFailures.length > 0)?.batchItemFailures[0]?.itemIdentifier,
        attempts: 3,
        failedAt: expect.any(String),
      },
    ]);
  });
});
