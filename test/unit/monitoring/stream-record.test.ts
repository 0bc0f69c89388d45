import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from '@jest/globals';
import { tableChangeOf } from '../../../lambdas/adapters/dynamodb/stream-record';

const removeRecord = (userIdentity?: unknown): DynamoDBRecord => ({
  eventName: 'REMOVE',
  ...(userIdentity ? { userIdentity } : {}),
  dynamodb: {
    Keys: { pk: { S: 'EVENT#e-1' }, sk: { S: 'EVENT' } },
    ApproximateCreationDateTime: 1_800_000_000,
    SequenceNumber: '1',
  },
});

describe('tableChangeOf', () => {
  it('recognises a TTL deletion by its service identity', () => {
    const change = tableChangeOf(removeRecord({ type: 'Service', principalId: 'dynamodb.amazonaws.com' }));
    expect([change.kind, change.byTimeToLive, change.item]).toEqual([
      'REMOVE',
      true,
      { kind: 'event', eventId: 'e-1' },
    ]);
  });

  it('does not take another service principal for TTL', () => {
    expect(tableChangeOf(removeRecord({ type: 'Service', principalId: 'backup.amazonaws.com' })).byTimeToLive).toBe(
      false,
    );
  });

  it('treats a removal without identity as made by a principal', () => {
    expect(tableChangeOf(removeRecord()).byTimeToLive).toBe(false);
  });

  it('names a non-event item by its full key', () => {
    const record: DynamoDBRecord = {
      eventName: 'MODIFY',
      dynamodb: { Keys: { pk: { S: 'BLOCK' }, sk: { S: '000000000003' } } },
    };
    expect(tableChangeOf(record).item).toEqual({ kind: 'other', key: 'BLOCK/000000000003' });
  });

  it('takes the change time from the stream record', () => {
    expect(tableChangeOf(removeRecord()).changedAt).toBe('2027-01-15T08:00:00.000Z');
  });

  it('rejects a record without keys', () => {
    expect(() => tableChangeOf({ eventName: 'INSERT', dynamodb: {} })).toThrow(/Keys/);
  });

  describe('an event holding an empty object', () => {
    const insertWith = (emptyMap: unknown): DynamoDBRecord => ({
      eventName: 'INSERT',
      dynamodb: {
        Keys: { pk: { S: 'EVENT#e-2' }, sk: { S: 'EVENT' } },
        NewImage: {
          eventType: { S: 'auth.login.failure' },
          newState: emptyMap,
          metadata: { M: { nested: emptyMap, list: { L: [emptyMap, { L: [] }] } } },
        } as never,
      },
    });
    const expected = { eventType: 'auth.login.failure', newState: {}, metadata: { nested: {}, list: [{}, []] } };

    it('reads the typed empty map real DynamoDB Streams send', () => {
      expect(tableChangeOf(insertWith({ M: {} })).newItem).toEqual(expected);
    });

    it("reads the untyped empty map DynamoDB Local's stream sends", () => {
      expect(tableChangeOf(insertWith({})).newItem).toEqual(expected);
    });
  });
});
