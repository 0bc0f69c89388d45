import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '../../lambdas/core/catalogue';
import {
  AuditClient,
  customEvent,
  events,
  EVENT_TYPES,
  httpsTransport,
  InvalidRequestError,
  localTransportOptions,
  type CataloguedEventType,
  type EventFields,
} from '../../clients/typescript/src/index';
import { builderName } from '../../clients/typescript/scripts/generate';
import { ClientStack } from '../fixtures/client-stack';

/**
 * The TypeScript client against the local writer API through its real HTTPS SigV4
 * transport: every catalogued type (built with its generated builder) and a custom type
 * round-trip, a retry of the same event is a duplicate, and a bad event is refused with the
 * server's field paths while the rest of its batch is stored.
 */

let stack: ClientStack;
let client: AuditClient;

beforeAll(async () => {
  stack = await ClientStack.start();
  client = await AuditClient.create({ transport: httpsTransport(await localTransportOptions(stack.localDir)) });
});

afterAll(async () => {
  await client?.close();
  await stack?.stop();
});

const fields = (n: number): EventFields => ({
  actor: { userId: `user-${n}`, roles: ['clerk'], ip: '10.0.0.7' },
  outcome: 'success',
  target: { type: 'donation', id: `DN-${n}` },
  metadata: { n },
});

async function readBack(eventId: string): Promise<Record<string, unknown>> {
  const response = await fetch(`http://127.0.0.1:${stack.port}/v1/events/${eventId}`, { headers: { authorization: `Bearer ${stack.credentials.reader}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('the TypeScript client over HTTPS SigV4', () => {
  it('stores every catalogued event type, built by its generated builder, as the catalogue defines it', async () => {
    // Prepare
    const types = Object.keys(EVENT_TYPES) as CataloguedEventType[];
    const builders = events as unknown as Record<string, (f: EventFields) => Parameters<AuditClient['record']>[0]>;
    // Act
    const results = await Promise.all(types.map((type, n) => client.record(builders[builderName(type)]!(fields(n)))));
    // Assess
    expect(results.every((r) => r.status === 'stored' && !r.duplicate)).toBe(true);
    for (const [n, type] of types.entries()) {
      const stored = await readBack(results[n]!.eventId);
      const entry = EVENT_CATALOGUE[type]!;
      expect(stored).toMatchObject({ eventType: type, category: entry.category, severity: entry.severity, action: entry.action, source: 'local:writer' });
      expect(stored).toMatchObject({ actor: { userId: `user-${n}` }, target: { id: `DN-${n}` }, metadata: { n } });
    }
  });

  it('stores a custom event type with its category', async () => {
    const result = await client.record(customEvent('custom.warehouse.stock_count', { ...fields(1), category: 'data_change' }));
    expect(await readBack(result.eventId)).toMatchObject({ eventType: 'custom.warehouse.stock_count', category: 'data_change' });
  });

  it('keeps occurredAt and eventId as given; the same event again is answered duplicate', async () => {
    // Prepare
    const draft = { ...events.donationUpdate(fields(2)), eventId: crypto.randomUUID(), occurredAt: '2026-01-02T03:04:05.678Z' };
    // Act
    const first = await client.record(draft);
    const again = await client.record(draft);
    // Assess
    expect(first).toMatchObject({ status: 'stored', eventId: draft.eventId, duplicate: false });
    expect(again).toMatchObject({ status: 'stored', eventId: draft.eventId, duplicate: true });
    expect(await readBack(draft.eventId)).toMatchObject({ occurredAt: draft.occurredAt });
  });

  it('refuses a bad event with a typed error carrying the server field path; its batch mates are stored', async () => {
    // Act
    const [bad, good] = await Promise.allSettled([
      client.record(events.authLogout({ ...fields(3), actor: { userId: 'u', ip: 'not-an-ip' } })),
      client.record(events.authLogout(fields(4))),
    ]);
    // Assess
    expect(bad.status).toBe('rejected');
    const error = (bad as PromiseRejectedResult).reason as InvalidRequestError;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.status).toBe(400);
    expect(error.details.map((d) => d.path)).toEqual(['events[0].actor.ip']);
    expect(good).toMatchObject({ status: 'fulfilled', value: { status: 'stored' } });
  });
});
