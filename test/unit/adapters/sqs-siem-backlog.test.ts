/**
 * The SIEM backlog on SQS FIFO, at the SDK boundary: the exact requests (queue URL, group,
 * deduplication ids, batch sizes, order), and, over a FIFO fake with SQS's group lock, that
 * a destination's events come back in order across peeks, acks and invocations.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { BACKLOG_VISIBILITY_SECONDS, SqsSiemBacklog } from '../../../lambdas/adapters/sqs/sqs-siem-backlog';
import { MAX_BATCH_BYTES } from '../../../lambdas/adapters/sqs/sqs-batches';
import { createSiemForwarder } from '../../../lambdas/core/siem/forwarder';
import { RecordingSender, storedEvents } from '../../fixtures/siem-events';
import { FifoQueueFake } from './sqs-fifo-fake';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/dmis-audit-siem-splunk.fifo';
const OTHER_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/dmis-audit-siem-lake.fifo';
const QUEUES = new Map([
  ['splunk', QUEUE_URL],
  ['lake', OTHER_URL],
]);
const sqs = mockClient(SQSClient);
const clock = { now: Date.parse('2026-11-20T10:05:00.000Z') };
let queue: FifoQueueFake;

const newBacklog = () => new SqsSiemBacklog(new SQSClient({ region: 'eu-west-1' }), { queues: QUEUES, now: () => clock.now });
const inputsOf = <T extends object>(command: new (input: never) => T) =>
  sqs.commandCalls(command as never).map((call) => (call.args[0] as unknown as { input: Record<string, unknown> }).input);
const ids = (events: readonly { eventId: string }[]) => events.map((e) => e.eventId);

beforeEach(() => {
  sqs.reset();
  clock.now = Date.parse('2026-11-20T10:05:00.000Z');
  queue = new FifoQueueFake(QUEUE_URL, clock);
  queue.install(sqs);
});

describe('SqsSiemBacklog.append', () => {
  it('sends one message per event to the destination queue, grouped by destination, deduplicated by eventId', async () => {
    // Prepare
    const events = storedEvents(3);
    // Act
    await newBacklog().append('splunk', events);
    // Assess
    expect(inputsOf(SendMessageBatchCommand)).toEqual([
      {
        QueueUrl: QUEUE_URL,
        Entries: events.map((event, i) => ({
          Id: String(i),
          MessageBody: JSON.stringify(event),
          MessageGroupId: 'splunk',
          MessageDeduplicationId: event.eventId,
        })),
      },
    ]);
  });

  it('sends at most ten entries per SendMessageBatch, in order', async () => {
    // Prepare
    const events = storedEvents(25);
    // Act
    await newBacklog().append('splunk', events);
    // Assess
    const batches = inputsOf(SendMessageBatchCommand).map((input) =>
      (input.Entries as { MessageDeduplicationId: string }[]).map((e) => e.MessageDeduplicationId),
    );
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(ids(events));
  });

  it('keeps every SendMessageBatch within 256 KiB of bodies', async () => {
    // Prepare: ~30 KiB events, so bytes and not the entry count cut the batches.
    const events = storedEvents(20, { metadata: { note: 'x'.repeat(30_000) } });
    // Act
    await newBacklog().append('splunk', events);
    // Assess
    const sizes = inputsOf(SendMessageBatchCommand).map((input) =>
      (input.Entries as { MessageBody: string }[]).reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody), 0),
    );
    expect(sizes.every((size) => size <= MAX_BATCH_BYTES)).toBe(true);
    expect(inputsOf(SendMessageBatchCommand).map((input) => (input.Entries as unknown[]).length)).toEqual([8, 8, 4]);
  });

  it('keeps an event appended twice once (the deduplication id is its eventId)', async () => {
    // Prepare
    const events = storedEvents(2);
    const backlog = newBacklog();
    // Act
    await backlog.append('splunk', events);
    await backlog.append('splunk', events);
    // Assess
    expect(queue.bodies()).toEqual(events);
  });

  it('fails, naming the error codes and no event content, when SQS refuses an entry', async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand, { QueueUrl: QUEUE_URL }).resolves({
      Successful: [],
      Failed: [{ Id: '0', Code: 'KMS.ThrottlingException', SenderFault: false, Message: 'body: secret-looking text' }],
    });
    // Act
    const appending = newBacklog().append('splunk', storedEvents(1));
    // Assess
    await expect(appending).rejects.toThrow('splunk: could not append 1 backlog event(s) (KMS.ThrottlingException)');
  });

  it('refuses a destination without a queue before calling SQS', async () => {
    // Act
    const appending = newBacklog().append('qradar', storedEvents(1));
    // Assess
    await expect(appending).rejects.toThrow('no backlog queue for SIEM destination qradar');
    expect(inputsOf(SendMessageBatchCommand)).toEqual([]);
  });
});

describe('SqsSiemBacklog.peek and ack', () => {
  it('receives the oldest ten with long polling, a visibility timeout and their SentTimestamp', async () => {
    // Prepare
    await newBacklog().append('splunk', storedEvents(3));
    // Act
    await newBacklog().peek('splunk', 200);
    // Assess
    expect(inputsOf(ReceiveMessageCommand)).toEqual([
      {
        QueueUrl: QUEUE_URL,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: BACKLOG_VISIBILITY_SECONDS,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['SentTimestamp'],
      },
    ]);
  });

  it('answers repeated peeks from what it holds, since SQS locks the group while it is in flight', async () => {
    // Prepare
    const events = storedEvents(12);
    const backlog = newBacklog();
    await backlog.append('splunk', events);
    // Act
    const first = await backlog.peek('splunk', 1);
    const second = await backlog.peek('splunk', 200);
    // Assess
    expect({ first: ids(first), second: ids(second), receives: inputsOf(ReceiveMessageCommand).length }).toEqual({
      first: ids(events.slice(0, 1)),
      second: ids(events.slice(0, 10)),
      receives: 1,
    });
  });

  it('deletes acknowledged events oldest first by their receipt handles, ten per DeleteMessageBatch', async () => {
    // Prepare
    const backlog = newBacklog();
    await backlog.append('splunk', storedEvents(10));
    await backlog.peek('splunk', 10);
    // Act
    await backlog.ack('splunk', 10);
    // Assess
    expect(inputsOf(DeleteMessageBatchCommand)).toEqual([
      {
        QueueUrl: QUEUE_URL,
        Entries: Array.from({ length: 10 }, (_, i) => ({ Id: String(i), ReceiptHandle: `handle-${i + 1}` })),
      },
    ]);
  });

  it('returns what follows the acknowledged events, then the next ten once all held are deleted', async () => {
    // Prepare
    const events = storedEvents(15);
    const backlog = newBacklog();
    await backlog.append('splunk', events);
    await backlog.peek('splunk', 10);
    // Act
    await backlog.ack('splunk', 4);
    const rest = await backlog.peek('splunk', 10);
    await backlog.ack('splunk', 6);
    const next = await backlog.peek('splunk', 10);
    // Assess
    expect({ rest: ids(rest), next: ids(next) }).toEqual({ rest: ids(events.slice(4, 10)), next: ids(events.slice(10)) });
  });

  it('drains to empty through a forwarder, in order, after the destination comes back', async () => {
    // Prepare
    const sender = new RecordingSender('splunk');
    const forwarder = createSiemForwarder({ routes: [{ name: 'splunk', format: 'json', sender }], backlog: newBacklog() });
    const events = storedEvents(23);
    sender.down = true;
    await forwarder.forward(events.slice(0, 13));
    await forwarder.forward(events.slice(13));
    sender.down = false;
    // Act
    const [status] = await forwarder.drain();
    // Assess
    expect({ delivered: sender.ids(), kept: queue.bodies().length, status }).toEqual({
      delivered: ids(events),
      kept: 0,
      status: { destination: 'splunk', delivered: 23, backlog: 0, oldestAgeSeconds: 0 },
    });
  });

  it('refuses to acknowledge more events than it holds', async () => {
    // Prepare
    const backlog = newBacklog();
    await backlog.append('splunk', storedEvents(2));
    await backlog.peek('splunk', 10);
    // Act
    const acking = backlog.ack('splunk', 3);
    // Assess
    await expect(acking).rejects.toThrow('splunk: cannot acknowledge 3 backlog event(s), 2 held');
    expect(inputsOf(DeleteMessageBatchCommand)).toEqual([]);
  });

  it('refuses an ack after its hold expired (SQS may have given the events to another reader)', async () => {
    // Prepare
    const backlog = newBacklog();
    await backlog.append('splunk', storedEvents(2));
    await backlog.peek('splunk', 10);
    clock.now += BACKLOG_VISIBILITY_SECONDS * 1000;
    // Act
    const acking = backlog.ack('splunk', 1);
    // Assess
    await expect(acking).rejects.toThrow('splunk: the backlog hold expired before its events were acknowledged');
    expect(queue.bodies()).toHaveLength(2);
  });
});

describe('SqsSiemBacklog.release', () => {
  it('gives held events back with visibility 0, so the next invocation starts from the oldest', async () => {
    // Prepare
    const events = storedEvents(5);
    const first = newBacklog();
    await first.append('splunk', events);
    await first.peek('splunk', 10);
    await first.ack('splunk', 2);
    // Act
    await first.release();
    const next = await newBacklog().peek('splunk', 10);
    // Assess
    expect(inputsOf(ChangeMessageVisibilityBatchCommand)).toEqual([
      {
        QueueUrl: QUEUE_URL,
        Entries: [3, 4, 5].map((n, i) => ({ Id: String(i), ReceiptHandle: `handle-${n}`, VisibilityTimeout: 0 })),
      },
    ]);
    expect(ids(next)).toEqual(ids(events.slice(2)));
  });

  it('leaves the group locked for another invocation until then (why every invocation releases)', async () => {
    // Prepare
    const first = newBacklog();
    await first.append('splunk', storedEvents(5));
    await first.peek('splunk', 10);
    // Act
    const meanwhile = await newBacklog().peek('splunk', 10);
    // Assess
    expect(meanwhile).toEqual([]);
  });

  it('reports events it could not release, naming the destination and code', async () => {
    // Prepare
    const backlog = newBacklog();
    await backlog.append('splunk', storedEvents(1));
    await backlog.peek('splunk', 10);
    clock.now += BACKLOG_VISIBILITY_SECONDS * 1000 + 1;
    // Act
    const releasing = backlog.release();
    // Assess
    await expect(releasing).rejects.toThrow('backlog events not released (splunk: ReceiptHandleIsInvalid)');
  });
});

describe('SqsSiemBacklog.status', () => {
  it('counts waiting and in-flight messages and dates the oldest by the held head', async () => {
    // Prepare
    const backlog = newBacklog();
    await backlog.append('splunk', storedEvents(12));
    await backlog.peek('splunk', 10);
    clock.now += 90_000;
    // Act
    const status = await backlog.status('splunk');
    // Assess
    expect(status).toEqual({ length: 12, oldestAgeSeconds: 90 });
    expect(inputsOf(GetQueueAttributesCommand)).toEqual([
      { QueueUrl: QUEUE_URL, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] },
    ]);
  });

  it('reads the oldest SentTimestamp without taking the group when nothing is held', async () => {
    // Prepare
    const events = storedEvents(3);
    await newBacklog().append('splunk', events);
    clock.now += 42_000;
    const backlog = newBacklog();
    // Act
    const status = await backlog.status('splunk');
    const afterwards = await backlog.peek('splunk', 10);
    // Assess
    expect(status).toEqual({ length: 3, oldestAgeSeconds: 42 });
    expect(inputsOf(ReceiveMessageCommand)[0]).toEqual({
      QueueUrl: QUEUE_URL,
      MaxNumberOfMessages: 1,
      VisibilityTimeout: 0,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ['SentTimestamp'],
    });
    expect(ids(afterwards)).toEqual(ids(events));
  });

  it('reports an empty backlog without receiving anything', async () => {
    // Act
    const status = await newBacklog().status('splunk');
    // Assess
    expect({ status, receives: inputsOf(ReceiveMessageCommand).length }).toEqual({
      status: { length: 0, oldestAgeSeconds: 0 },
      receives: 0,
    });
  });
});
