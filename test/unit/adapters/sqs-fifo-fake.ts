/**
 * A one-group SQS FIFO queue behind aws-sdk-client-mock, with the semantics the backlog
 * relies on: order kept, deduplication by id, and the group locked while any of its
 * messages is in flight (received and not yet deleted, released or timed out). Receipt
 * handles change on every receive; a stale one is refused, as SQS refuses it on FIFO queues.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type ChangeMessageVisibilityBatchCommandInput,
  type DeleteMessageBatchCommandInput,
  type ReceiveMessageCommandInput,
  type SendMessageBatchCommandInput,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { AwsClientStub } from 'aws-sdk-client-mock';

interface FakeMessage {
  readonly body: string;
  readonly sentAt: number;
  handle: string | undefined;
  visibleAt: number;
}

/** The queue's state; `clock.now` drives visibility timeouts. */
export class FifoQueueFake {
  readonly messages: FakeMessage[] = [];
  private readonly dedupIds = new Set<string>();
  private receives = 0;

  constructor(
    readonly queueUrl: string,
    readonly clock: { now: number },
  ) {}

  /** Answers the five calls the backlog makes for this queue URL. */
  install(sqs: AwsClientStub<SQSClient>): void {
    const mine = { QueueUrl: this.queueUrl };
    sqs.on(SendMessageBatchCommand, mine).callsFake((input: SendMessageBatchCommandInput) => {
      const entries = input.Entries ?? [];
      for (const entry of entries) {
        const dedupId = entry.MessageDeduplicationId ?? '';
        if (this.dedupIds.has(dedupId)) continue;
        this.dedupIds.add(dedupId);
        this.messages.push({ body: entry.MessageBody ?? '', sentAt: this.clock.now, handle: undefined, visibleAt: 0 });
      }
      return { Successful: entries.map((e) => ({ Id: e.Id, MessageId: e.Id, MD5OfMessageBody: '' })), Failed: [] };
    });
    sqs.on(ReceiveMessageCommand, mine).callsFake((input: ReceiveMessageCommandInput) => {
      if (this.inFlight() > 0) return {};
      const taken = this.messages.slice(0, input.MaxNumberOfMessages ?? 1);
      for (const message of taken) {
        message.handle = `handle-${++this.receives}`;
        message.visibleAt = this.clock.now + (input.VisibilityTimeout ?? 30) * 1000;
      }
      const Messages = taken.map((m) => ({ Body: m.body, ReceiptHandle: m.handle, Attributes: { SentTimestamp: String(m.sentAt) } }));
      return Messages.length > 0 ? { Messages } : {};
    });
    sqs.on(DeleteMessageBatchCommand, mine).callsFake((input: DeleteMessageBatchCommandInput) =>
      this.byHandle(input.Entries ?? [], (message) => this.messages.splice(this.messages.indexOf(message), 1)),
    );
    sqs.on(ChangeMessageVisibilityBatchCommand, mine).callsFake((input: ChangeMessageVisibilityBatchCommandInput) =>
      this.byHandle(input.Entries ?? [], (message, entry) => {
        message.visibleAt = this.clock.now + (entry.VisibilityTimeout ?? 0) * 1000;
      }),
    );
    sqs.on(GetQueueAttributesCommand, mine).callsFake(() => ({
      Attributes: {
        ApproximateNumberOfMessages: String(this.messages.length - this.inFlight()),
        ApproximateNumberOfMessagesNotVisible: String(this.inFlight()),
      },
    }));
  }

  /** The bodies still queued, parsed, in order. */
  bodies(): unknown[] {
    return this.messages.map((m) => JSON.parse(m.body) as unknown);
  }

  private inFlight(): number {
    return this.messages.filter((m) => m.visibleAt > this.clock.now).length;
  }

  /** Applies `change` to each entry's message while its handle is current and in flight. */
  private byHandle<E extends { Id: string | undefined; ReceiptHandle: string | undefined }>(
    entries: readonly E[],
    change: (m: FakeMessage, e: E) => void,
  ) {
    const Failed: { Id: string | undefined; Code: string; SenderFault: boolean }[] = [];
    const Successful: { Id: string | undefined }[] = [];
    for (const entry of entries) {
      const message = this.messages.find((m) => m.handle === entry.ReceiptHandle && m.visibleAt > this.clock.now);
      if (!message) Failed.push({ Id: entry.Id, Code: 'ReceiptHandleIsInvalid', SenderFault: true });
      else {
        change(message, entry);
        Successful.push({ Id: entry.Id });
      }
    }
    return { Successful, Failed };
  }
}
