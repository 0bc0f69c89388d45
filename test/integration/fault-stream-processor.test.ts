import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { toEventItem } from '../../lambdas/adapters/dynamodb/event-item';
import { ITEM_KEYS } from '../../lambdas/adapters/dynamodb/table-schema';
import { buildSecurityStreamProcessor } from '../../lambdas/composition/stream-processor';
import { buildStoredEvent } from '../../lambdas/core/build-event';
import type { Notifier, SecurityLog, SecurityNotification } from '../../lambdas/core/monitoring/ports';
import type { SecurityLine } from '../../lambdas/core/monitoring/security-line';
import { createStreamProcessorHandler } from '../../lambdas/functions/stream-processor/handler';
import { ensureDetectorTable } from '../../local/monitoring';
import { aFailedLogin } from '../fixtures/events';
import { createTestTable } from '../setup/table';

/**
 * The stream processor killed mid-batch, with its progress markers and detector counters
 * on DynamoDB Local: the first delivery dies after record `k`'s line is written, the whole
 * batch is delivered again (as Lambda does after a crash or timeout).
 */

class Killed extends Error {}

/** Keeps lines; the log of a process that dies right after writing `dieAfter`'s line. */
class DyingLog implements SecurityLog {
  readonly lines: SecurityLine[] = [];
  dieAfter: string | undefined;
  async write(line: SecurityLine): Promise<void> {
    this.lines.push(line);
    if (line.eventId === this.dieAfter) throw new Killed();
  }
}

function insertRecord(input: ReturnType<typeof aFailedLogin>, i: number): DynamoDBRecord {
  const stored = buildStoredEvent(input, { eventId: input.eventId as string, source: 'test', ingestedAt: new Date() });
  const keys = { pk: ITEM_KEYS.eventPk(stored.eventId), sk: ITEM_KEYS.eventSk };
  const image = marshall(toEventItem(stored), { removeUndefinedValues: true }) as Record<string, AttributeValue>;
  return {
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: { Keys: marshall(keys) as never, NewImage: image as never, SequenceNumber: String(1000 + i) },
  };
}

describe('the stream processor killed mid-batch', () => {
  const log = new DyingLog();
  const alerts: SecurityNotification[] = [];
  const notifier: Notifier = { publish: async (n) => void alerts.push(n) };
  let handle: ReturnType<typeof createStreamProcessorHandler>;

  beforeEach(async () => {
    const { client, documentClient, tableName } = await createTestTable('stream-kill');
    await ensureDetectorTable(client, `${tableName}-detector`);
    const processor = buildSecurityStreamProcessor({
      documentClient,
      detectorTableName: `${tableName}-detector`,
      securityLog: log,
      notifier,
      detector: { threshold: 8, windowSeconds: 300 },
    });
    handle = createStreamProcessorHandler(processor);
  });

  it('yields one line per event except the one in flight, and the brute-force alert still fires once', async () => {
    // Prepare: 10 failed logins from one IP (threshold 8); the process dies in record 4.
    const records = Array.from({ length: 10 }, (_, i) => insertRecord(aFailedLogin('198.51.100.77', `user-${i}`), i));
    const ids = records.map((r) => String(r.dynamodb?.Keys?.pk?.S).slice(ITEM_KEYS.eventPk('').length));
    log.dieAfter = ids[4];
    // Act: the first delivery gets as far as record 4, then the batch is delivered again whole.
    const first = await handle({ Records: records.slice(0, 5) });
    log.dieAfter = undefined;
    const redelivery = await handle({ Records: records });
    // Assess
    const perEvent = ids.map((id) => log.lines.filter((l) => l.eventId === id).length);
    expect(first.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['1004']);
    expect(redelivery.batchItemFailures).toEqual([]);
    expect(perEvent).toEqual([1, 1, 1, 1, 2, 1, 1, 1, 1, 1]);
    expect(alerts.filter((a) => a.source === 'detector')).toHaveLength(1);
  });

  it('writes nothing again for a batch delivered twice after it was done', async () => {
    // Prepare
    const records = Array.from({ length: 3 }, (_, i) => insertRecord(aFailedLogin('198.51.100.78', `other-${i}`), i));
    await handle({ Records: records });
    const before = log.lines.length;
    // Act
    await handle({ Records: records });
    // Assess
    expect(log.lines.length).toBe(before);
  });
});
