import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { NotFoundError, ValidationError } from '../../../lambdas/core/errors';
import { GetEvent, ItemIdentityError, type ArchivedEventLookup } from '../../../lambdas/core/get-event';
import { ArchiveQueryPendingError } from '../../../lambdas/core/query/ports';
import { aStoredEvent } from '../../fixtures/archive-events';

/** A store of the given events by id, recording every id it is asked for. */
function storeOf(events: Record<string, StoredEvent>): { get(id: string): Promise<StoredEvent | undefined>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    get: async (id) => {
      asked.push(id);
      return events[id];
    },
  };
}

/** An archive that must never be asked. */
const untouchable: ArchivedEventLookup = {
  get: async (id) => {
    throw new Error(`the archive was asked for ${id}`);
  },
};

describe('GetEvent with an archive', () => {
  const hot = aStoredEvent();
  const archived = aStoredEvent({ occurredAt: '2025-01-10T08:00:00.000Z' });

  it('answers from the table and never asks the archive when the table holds the item', async () => {
    const table = storeOf({ [hot.eventId]: hot });

    const event = await new GetEvent(table, untouchable).execute(hot.eventId);

    expect(event).toEqual(hot);
    expect(table.asked).toEqual([hot.eventId]);
  });

  it('answers from the archive only after the table has no item', async () => {
    const calls: string[] = [];
    const table = { get: async (id: string) => (calls.push(`table:${id}`), undefined) };
    const archive = { get: async (id: string) => (calls.push(`archive:${id}`), id === archived.eventId ? archived : undefined) };

    const event = await new GetEvent(table, archive).execute(archived.eventId.toUpperCase());

    expect(event).toEqual(archived);
    expect(calls).toEqual([`table:${archived.eventId}`, `archive:${archived.eventId}`]);
  });

  it('is NotFound when neither the table nor the archive holds the event', async () => {
    const archive = storeOf({});

    await expect(new GetEvent(storeOf({}), archive).execute(archived.eventId)).rejects.toBeInstanceOf(NotFoundError);
    expect(archive.asked).toEqual([archived.eventId]);
  });

  it('refuses an archive answer that holds another event', async () => {
    const archive = storeOf({ [archived.eventId]: hot });

    const read = new GetEvent(storeOf({}), archive).execute(archived.eventId);

    await expect(read).rejects.toBeInstanceOf(ItemIdentityError);
    await expect(read).rejects.toMatchObject({ requestedEventId: archived.eventId, storedEventId: hot.eventId });
  });

  it('refuses a swapped table item without falling back to the archive', async () => {
    const table = storeOf({ [archived.eventId]: hot });

    await expect(new GetEvent(table, untouchable).execute(archived.eventId)).rejects.toBeInstanceOf(ItemIdentityError);
  });

  it.each([undefined, '', 'not-a-uuid', '3e85886f-1011-4bd1-a230-859de1cb1f39x', "' OR '1'='1"])('a malformed id %j reaches neither store', async (id) => {
    const table = storeOf({});

    await expect(new GetEvent(table, untouchable).execute(id)).rejects.toBeInstanceOf(ValidationError);
    expect(table.asked).toEqual([]);
  });

  it('lets an archive query still running propagate', async () => {
    const pending = new ArchiveQueryPendingError('exec-1');
    const archive = { get: async () => Promise.reject(pending) };

    await expect(new GetEvent(storeOf({}), archive).execute(archived.eventId)).rejects.toBe(pending);
  });
});

describe('GetEvent without an archive (the writer)', () => {
  it('is NotFound once the table has no item', async () => {
    const event = aStoredEvent();

    await expect(new GetEvent(storeOf({})).execute(event.eventId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('withArchive keeps the table and adds the archive, leaving the original table-only', async () => {
    const event = aStoredEvent();
    const table = storeOf({});
    const writer = new GetEvent(table);

    const reader = writer.withArchive(storeOf({ [event.eventId]: event }));

    await expect(reader.execute(event.eventId)).resolves.toEqual(event);
    await expect(writer.execute(event.eventId)).rejects.toBeInstanceOf(NotFoundError);
    expect(table.asked).toEqual([event.eventId, event.eventId]);
  });
});
