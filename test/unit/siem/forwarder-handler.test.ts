import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from '@jest/globals';
import { toEventItem } from '../../../lambdas/adapters/dynamodb/event-item';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { createSiemForwarder } from '../../../lambdas/core/siem/forwarder';
import { createSiemStreamHandler } from '../../../lambdas/functions/siem-forwarder/handler';
import { MemoryBacklog, RecordingSender, storedEvents } from '../../fixtures/siem-events';

let sequence = 0;
const insertOf = (event: StoredEvent): DynamoDBRecord => {
  const item = toEventItem(event);
  sequence += 1;
  return {
    eventName: 'INSERT',
    dynamodb: {
      Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
      NewImage: marshall(item, { removeUndefinedValues: true }) as never,
      SequenceNumber: String(sequence),
    },
  };
};

const blockInsert: DynamoDBRecord = {
  eventName: 'INSERT',
  dynamodb: { Keys: { pk: { S: 'BLOCK' }, sk: { S: '000000000001' } }, NewImage: { pk: { S: 'BLOCK' }, sk: { S: '000000000001' } }, SequenceNumber: '900' },
};

function setup() {
  const sender = new RecordingSender('siem');
  const backlog = new MemoryBacklog();
  const handler = createSiemStreamHandler(createSiemForwarder({ routes: [{ name: 'siem', format: 'json', sender }], backlog }));
  return { sender, backlog, handler };
}

describe('SIEM forwarder stream handler', () => {
  it('forwards each inserted event, exactly as stored, in stream order', async () => {
    const { sender, handler } = setup();
    const events = storedEvents(3);
    const response = await handler({ Records: events.map(insertOf) });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sender.sent.map((r) => JSON.parse(r.body) as StoredEvent)).toEqual(events.map((e) => JSON.parse(JSON.stringify(e))));
  });

  it('skips blocks and every change that is not an insert', async () => {
    const { sender, handler } = setup();
    const [event, removed] = storedEvents(2) as [StoredEvent, StoredEvent];
    const removal: DynamoDBRecord = { ...insertOf(removed), eventName: 'REMOVE' };
    await handler({ Records: [blockInsert, removal, insertOf(event)] });
    expect(sender.ids()).toEqual([event.eventId]);
  });

  it('reports every record failed when an event can be neither delivered nor kept', async () => {
    const { sender, backlog, handler } = setup();
    sender.down = true;
    backlog.failAppends = true;
    const records = storedEvents(2).map(insertOf);
    const response = await handler({ Records: records });
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(records.map((r) => r.dynamodb?.SequenceNumber));
  });

  it('succeeds while the destination is down: the events wait in its backlog', async () => {
    const { sender, backlog, handler } = setup();
    sender.down = true;
    const events = storedEvents(2);
    expect(await handler({ Records: events.map(insertOf) })).toEqual({ batchItemFailures: [] });
    expect((await backlog.peek('siem', 5)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });
});
