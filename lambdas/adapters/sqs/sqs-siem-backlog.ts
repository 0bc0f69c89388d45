/**
 * The SIEM backlog on AWS: one SQS FIFO queue per destination (SIEM_BACKLOG_QUEUES), one
 * message per event, MessageGroupId = the destination, MessageDeduplicationId = the
 * eventId, so an event appended twice within SQS's five-minute window is kept once.
 *
 * FIFO semantics shape the rest. A message group is locked while any of its messages is
 * in flight: once a receive has taken the oldest events, no one else receives the group
 * until they are deleted or released. That lock is what keeps a destination's events in
 * order, and it is why this adapter
 * - holds what it received (receipt handles in memory) and answers repeated peeks from it,
 *   because a second ReceiveMessage would see the locked group as empty;
 * - receives with long polling, because a short poll may answer empty while messages wait;
 * - gives the group back (`release`, visibility 0) when an invocation ends, so the next
 *   invocation, on any instance, starts from the oldest event.
 * The forwarder function runs one invocation at a time (reserved concurrency 1,
 * lib/constructs/siem-forwarder.ts), so a hold never meets another live one. An
 * invocation that dies holding events keeps them invisible until BACKLOG_VISIBILITY_SECONDS
 * pass; events forwarded meanwhile may reach the destination ahead of them. Nothing is lost
 * either way: delivery is at least once, and a SIEM orders and de-duplicates by eventId.
 * An append whose batch SQS takes only in part fails as a whole; the stream retries it and
 * the deduplication ids drop what was already kept.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { StoredEvent } from '../../core/event-schema';
import type { SiemBacklog } from '../../core/siem/ports';
import { inTens, sendBatches, type BatchEntryResult } from './sqs-batches';

/** How long received events stay invisible to others: longer than the forwarder function's timeout. */
export const BACKLOG_VISIBILITY_SECONDS = 360;

/** Long polling answers at once when messages wait, and never falsely empty. */
const RECEIVE_WAIT_SECONDS = 1;
/** Most messages one ReceiveMessage returns. */
const MAX_RECEIVE = 10;

/** The queues and timing. */
export interface SqsSiemBacklogOptions {
  /** Destination name → its FIFO queue URL. */
  readonly queues: ReadonlyMap<string, string>;
  /** @default BACKLOG_VISIBILITY_SECONDS */
  readonly visibilityTimeoutSeconds?: number;
  readonly now?: () => number;
}

interface HeldMessage {
  readonly receiptHandle: string;
  readonly event: StoredEvent;
  readonly sentAt: number | undefined;
}

/** Events received from one queue and not yet deleted, valid until `until` (ms). */
interface Hold {
  readonly messages: HeldMessage[];
  readonly until: number;
}

/** Per-destination SQS FIFO backlogs. */
export class SqsSiemBacklog implements SiemBacklog {
  private readonly holds = new Map<string, Hold>();
  private readonly visibilitySeconds: number;
  private readonly now: () => number;

  constructor(
    private readonly sqs: Pick<SQSClient, 'send'>,
    private readonly options: SqsSiemBacklogOptions,
  ) {
    this.visibilitySeconds = options.visibilityTimeoutSeconds ?? BACKLOG_VISIBILITY_SECONDS;
    this.now = options.now ?? Date.now;
  }

  async append(destination: string, events: readonly StoredEvent[]): Promise<void> {
    const QueueUrl = this.queueOf(destination);
    // One batch after another: SQS keeps a group's order across calls of one sender.
    for (const batch of sendBatches(events)) {
      const entries = batch.map((entry, i) => ({
        Id: String(i),
        MessageBody: entry.body,
        MessageGroupId: destination,
        MessageDeduplicationId: entry.eventId,
      }));
      const result = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
      failOn(destination, 'append', result.Failed);
    }
  }

  async peek(destination: string, max: number): Promise<readonly StoredEvent[]> {
    const held = await this.hold(destination);
    return held.slice(0, Math.max(0, max)).map((message) => message.event);
  }

  async ack(destination: string, count: number): Promise<void> {
    if (count <= 0) return;
    const hold = this.holds.get(destination);
    const heldCount = hold?.messages.length ?? 0;
    if (!hold || count > heldCount)
      throw new Error(`${destination}: cannot acknowledge ${count} backlog event(s), ${heldCount} held`);
    if (this.now() >= hold.until) {
      this.holds.delete(destination);
      throw new Error(`${destination}: the backlog hold expired before its events were acknowledged`);
    }
    const QueueUrl = this.queueOf(destination);
    // Oldest first, ten at a time; the hold shrinks only by what SQS confirmed deleted.
    for (const ten of inTens(hold.messages.slice(0, count))) {
      const Entries = ten.map((message, i) => ({ Id: String(i), ReceiptHandle: message.receiptHandle }));
      const result = await this.sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries }));
      failOn(destination, 'acknowledge', result.Failed);
      hold.messages.splice(0, ten.length);
    }
  }

  async status(destination: string): Promise<{ readonly length: number; readonly oldestAgeSeconds: number }> {
    const QueueUrl = this.queueOf(destination);
    const { Attributes: attributes = {} } = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    // In-flight events (held by this invocation) are still waiting for the destination.
    const length =
      Number(attributes.ApproximateNumberOfMessages ?? 0) + Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    if (length === 0) return { length: 0, oldestAgeSeconds: 0 };
    const sentAt = this.holds.get(destination)?.messages[0]?.sentAt ?? (await this.oldestSentAt(QueueUrl));
    return { length, oldestAgeSeconds: sentAt === undefined ? 0 : Math.max(0, Math.floor((this.now() - sentAt) / 1000)) };
  }

  /** Gives every held event back to its queue (visibility 0), oldest still first; call when an invocation ends. */
  async release(): Promise<void> {
    const failures: string[] = [];
    for (const [destination, hold] of [...this.holds]) {
      this.holds.delete(destination);
      const QueueUrl = this.queueOf(destination);
      for (const ten of inTens(hold.messages)) {
        const Entries = ten.map((message, i) => ({ Id: String(i), ReceiptHandle: message.receiptHandle, VisibilityTimeout: 0 }));
        const result = await this.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl, Entries }));
        if (result.Failed?.length) failures.push(`${destination}: ${codesOf(result.Failed)}`);
      }
    }
    // Not released: those events return on their own when the visibility timeout ends.
    if (failures.length > 0) throw new Error(`backlog events not released (${failures.join('; ')})`);
  }

  /** The held events, or a fresh receive of the oldest ones (up to ten) when none are held. */
  private async hold(destination: string): Promise<readonly HeldMessage[]> {
    const current = this.holds.get(destination);
    if (current && current.messages.length > 0 && this.now() < current.until) return current.messages;
    this.holds.delete(destination);
    const until = this.now() + this.visibilitySeconds * 1000;
    const { Messages = [] } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueOf(destination),
        MaxNumberOfMessages: MAX_RECEIVE,
        VisibilityTimeout: this.visibilitySeconds,
        WaitTimeSeconds: RECEIVE_WAIT_SECONDS,
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
    );
    const messages = Messages.map(heldMessage);
    if (messages.length > 0) this.holds.set(destination, { messages, until });
    return messages;
  }

  /**
   * When the oldest waiting event was sent: a receive with visibility 0 reads it without
   * taking the group's lock (the event stays visible). Undefined when another hold has it.
   */
  private async oldestSentAt(QueueUrl: string): Promise<number | undefined> {
    const { Messages = [] } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 1,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
    );
    return Messages[0] ? heldMessage(Messages[0]).sentAt : undefined;
  }

  private queueOf(destination: string): string {
    const url = this.options.queues.get(destination);
    if (!url) throw new Error(`no backlog queue for SIEM destination ${destination}`);
    return url;
  }
}

function heldMessage(message: Message): HeldMessage {
  if (!message.ReceiptHandle || message.Body === undefined) throw new Error('SQS returned a message without body or receipt handle');
  const sent = Number(message.Attributes?.SentTimestamp);
  return {
    receiptHandle: message.ReceiptHandle,
    event: JSON.parse(message.Body) as StoredEvent,
    sentAt: Number.isFinite(sent) ? sent : undefined,
  };
}

/** A batch call's failed entries become one error with their codes (never message bodies). */
function failOn(destination: string, what: string, failed: readonly BatchEntryResult[] | undefined): void {
  if (failed && failed.length > 0)
    throw new Error(`${destination}: could not ${what} ${failed.length} backlog event(s) (${codesOf(failed)})`);
}

function codesOf(failed: readonly BatchEntryResult[]): string {
  return [...new Set(failed.map((entry) => entry.Code ?? 'unknown'))].join(', ');
}
