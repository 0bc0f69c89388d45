import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ThrottledError } from '../../core/errors';
import { translateStoreError } from './store-errors';
import { itemFromAttributes, WRITER_SEND_OPTIONS } from './document-client';
import type { StoredEvent } from '../../core/event-schema';
import type { EventStore, InsertOutcome } from '../../core/ports';
import { DEFAULT_HOT_WINDOW_SECONDS, fromEventItem, toEventItem } from './event-item';
import { ITEM_KEYS } from './table-schema';

const NOT_EXISTS = 'attribute_not_exists(pk)';

/**
 * The EventStore on DynamoDB. One event: a conditional PutItem. Several: one
 * TransactWriteItems of conditional puts, so a batch is stored whole or not at all.
 * The condition is what makes the table append-only from the writer's side. A write that
 * gets no answer is a 503: the caller retries with the same eventIds, and the condition turns
 * a write that had landed after all into a duplicate, so each event is stored exactly once.
 * Items leave the table at the end of the hot window (event-item.ts); the archive keeps them.
 */
export class DynamoDbEventStore implements EventStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How long an event stays in the table (HOT_WINDOW_SECONDS). */
    private readonly hotWindowSeconds = DEFAULT_HOT_WINDOW_SECONDS,
  ) {}

  async insertAll(events: readonly StoredEvent[]): Promise<InsertOutcome> {
    try {
      return events.length === 1 ? await this.putOne(events[0] as StoredEvent) : await this.putMany(events);
    } catch (error) {
      throw translate(error);
    }
  }

  async get(eventId: string): Promise<StoredEvent | undefined> {
    const { Item } = await this.client
      .send(new GetCommand({ TableName: this.tableName, Key: eventKey(eventId), ConsistentRead: true }), WRITER_SEND_OPTIONS)
      .catch((error: unknown) => Promise.reject(translate(error)));
    return Item ? fromEventItem(Item) : undefined;
  }

  /** A put that fails, returning the stored item, when the event already exists. */
  private putIfAbsent(event: StoredEvent) {
    return {
      TableName: this.tableName,
      Item: toEventItem(event, this.hotWindowSeconds),
      ConditionExpression: NOT_EXISTS,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
  }

  private async putOne(event: StoredEvent): Promise<InsertOutcome> {
    try {
      await this.client.send(new PutCommand(this.putIfAbsent(event)), WRITER_SEND_OPTIONS);
      return { inserted: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = error.Item ? fromEventItem(itemFromAttributes(error.Item)) : await this.get(event.eventId);
      return existingOutcome(existing ? [existing] : []);
    }
  }

  private async putMany(events: readonly StoredEvent[]): Promise<InsertOutcome> {
    try {
      await this.client.send(new TransactWriteCommand({
        TransactItems: events.map((event) => ({ Put: this.putIfAbsent(event) })),
      }), WRITER_SEND_OPTIONS);
      return { inserted: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (!reasons.some((r) => r.Code === 'ConditionalCheckFailed')) throw new ThrottledError();
      const existing = await Promise.all(reasons.map(async (reason, i) => {
        if (reason.Code !== 'ConditionalCheckFailed') return undefined;
        return reason.Item ? fromEventItem(itemFromAttributes(reason.Item)) : this.get((events[i] as StoredEvent).eventId);
      }));
      return existingOutcome(existing.filter((e): e is StoredEvent => e !== undefined));
    }
  }
}

function eventKey(eventId: string): Record<string, string> {
  return { pk: ITEM_KEYS.eventPk(eventId), sk: ITEM_KEYS.eventSk };
}

// A failed condition whose item vanished again cannot happen on an append-only table;
// reporting it as "exists" with no items makes the use case retry the write.
function existingOutcome(existing: StoredEvent[]): InsertOutcome {
  return { inserted: false, existing };
}

/** Throttling and outages become named errors (store-errors.ts), so a client sees 429 or 503, never 500. */
const translate = translateStoreError;
