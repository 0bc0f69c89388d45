import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { createSiemForwarder } from '../../../lambdas/core/siem/forwarder';
import type { SiemRoute } from '../../../lambdas/core/siem/ports';
import { MemoryBacklog, RecordingSender, storedEvents } from '../../fixtures/siem-events';

const ids = (events: readonly StoredEvent[]) => events.map((e) => e.eventId);

function setup(batchSize = 200) {
  const siem = new RecordingSender('siem');
  const hook = new RecordingSender('hook');
  const backlog = new MemoryBacklog();
  const routes: SiemRoute[] = [
    { name: 'siem', format: 'cef', sender: siem },
    { name: 'hook', format: 'json', filter: { categories: ['authentication'] }, sender: hook },
  ];
  const statuses: unknown[] = [];
  const forwarder = createSiemForwarder({ routes, backlog, batchSize, onStatus: (s) => void statuses.push(s) });
  return { siem, hook, backlog, forwarder, statuses };
}

describe('SIEM forwarder', () => {
  it('sends every event to each route in its format, filtered per route', async () => {
    const { siem, hook, forwarder } = setup();
    const updates = storedEvents(2);
    const logins = storedEvents(1, { eventType: 'auth.login.failure', target: { type: 'user', id: 'jdoe' }, changes: undefined, outcome: 'failure' });
    await forwarder.forward([...updates, ...logins]);
    expect(siem.ids()).toEqual(ids([...updates, ...logins]));
    expect(siem.sent.every((r) => r.body.startsWith('CEF:0|'))).toBe(true);
    expect(hook.ids()).toEqual(ids(logins));
    expect((JSON.parse(hook.sent[0]?.body ?? '{}') as StoredEvent).eventId).toBe(logins[0]?.eventId);
  });

  it('keeps a down destination’s events in its backlog without holding back the others', async () => {
    const { siem, hook, backlog, forwarder } = setup();
    siem.down = true;
    const events = storedEvents(3, { eventType: 'auth.logout', changes: undefined });
    const statuses = await forwarder.forward(events);
    expect(ids(await backlog.peek('siem', 10))).toEqual(ids(events));
    expect(hook.ids()).toEqual(ids(events));
    expect(statuses).toEqual([
      { destination: 'siem', delivered: 0, backlog: 3, oldestAgeSeconds: 0 },
      { destination: 'hook', delivered: 3, backlog: 0, oldestAgeSeconds: 0 },
    ]);
  });

  it('puts new events behind a backlog, and the drain delivers them all in order once the destination is back', async () => {
    const { siem, backlog, forwarder } = setup();
    siem.down = true;
    const early = storedEvents(4);
    await forwarder.forward(early);
    siem.down = false;
    const late = storedEvents(2, {}, 4);
    await forwarder.forward(late);
    expect(siem.sent).toEqual([]);
    expect(ids(await backlog.peek('siem', 10))).toEqual(ids([...early, ...late]));
    await forwarder.drain();
    expect(siem.ids()).toEqual(ids([...early, ...late]));
    expect((await backlog.status('siem')).length).toBe(0);
  });

  it('keeps the rest of a backlog in order when the destination fails again part-way through a drain', async () => {
    const { siem, backlog, forwarder } = setup(2);
    siem.down = true;
    const events = storedEvents(6);
    await forwarder.forward(events);
    siem.down = false;
    siem.failAfter = 2; // the destination fails again after one batch of the backlog
    const [status] = await forwarder.drain();
    expect(status).toEqual({ destination: 'siem', delivered: 2, backlog: 4, oldestAgeSeconds: 0 });
    expect(ids(await backlog.peek('siem', 10))).toEqual(ids(events.slice(2)));
    await forwarder.drain();
    expect(siem.ids()).toEqual(ids(events));
  });

  it('keeps what follows a batch that failed part-way, in order', async () => {
    const { siem, backlog, forwarder } = setup(2);
    siem.failAfter = 2;
    const events = storedEvents(5);
    await forwarder.forward(events);
    expect(siem.ids()).toEqual(ids(events.slice(0, 2)));
    expect(ids(await backlog.peek('siem', 10))).toEqual(ids(events.slice(2)));
  });

  it('drains in batches of batchSize and acknowledges what was delivered', async () => {
    const { siem, backlog, forwarder } = setup(3);
    siem.down = true;
    const events = storedEvents(7);
    await forwarder.forward(events);
    siem.down = false;
    siem.calls.length = 0;
    const [status] = await forwarder.drain();
    expect(siem.calls).toEqual([3, 3, 1]);
    expect(status).toEqual({ destination: 'siem', delivered: 7, backlog: 0, oldestAgeSeconds: 0 });
    expect(await backlog.peek('siem', 10)).toEqual([]);
  });

  it('fails the batch when an event can be neither delivered nor kept', async () => {
    const { siem, backlog, forwarder } = setup();
    siem.down = true;
    backlog.failAppends = true;
    await expect(forwarder.forward(storedEvents(1))).rejects.toThrow('disk full');
  });

  it('runs a forward and a drain of one destination one after the other, so order holds', async () => {
    const { siem, forwarder } = setup(1);
    siem.down = true;
    const early = storedEvents(3);
    await forwarder.forward(early);
    siem.down = false;
    siem.delayMs = 20;
    const late = storedEvents(3, {}, 3);
    await Promise.all([forwarder.drain(), forwarder.forward(late), forwarder.drain()]);
    expect(siem.ids()).toEqual(ids([...early, ...late]));
  });

  it('replays a period to one destination only, filtered and in order', async () => {
    const { siem, hook, forwarder } = setup(2);
    const logins = storedEvents(3, { eventType: 'auth.login.success', changes: undefined });
    const others = storedEvents(2, {}, 3);
    async function* period() {
      yield* [logins[0], others[0], logins[1], others[1], logins[2]] as StoredEvent[];
    }
    const sent = await forwarder.replay('hook', period());
    expect(sent).toBe(3);
    expect(hook.ids()).toEqual(ids(logins));
    expect(siem.sent).toEqual([]);
  });

  it('refuses to replay to a destination it does not know', async () => {
    const { forwarder } = setup();
    await expect(forwarder.replay('nope', (async function* () {})())).rejects.toThrow('no SIEM destination named nope');
  });

  it('reports every status to onStatus and closes every sender', async () => {
    const { siem, hook, forwarder, statuses } = setup();
    await forwarder.forward(storedEvents(1));
    await forwarder.drain();
    await forwarder.close();
    expect(statuses).toHaveLength(2);
    expect([siem.closed, hook.closed]).toEqual([true, true]);
  });

  it('refuses two routes with one name', () => {
    const sender = new RecordingSender('x');
    expect(() =>
      createSiemForwarder({
        routes: [{ name: 'x', format: 'json', sender }, { name: 'x', format: 'cef', sender }],
        backlog: new MemoryBacklog(),
      }),
    ).toThrow('SIEM destination x is named twice');
  });
});
