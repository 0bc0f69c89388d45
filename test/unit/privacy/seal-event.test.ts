import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { toEventItem } from '../../../lambdas/adapters/dynamodb/event-item';
import { buildStoredEvent, retainUntilOf } from '../../../lambdas/core/build-event';
import { contentHashOf } from '../../../lambdas/core/content-hash';
import { StoredEventSchema, type AuditEventInput, type StoredEvent } from '../../../lambdas/core/event-schema';
import { blindIndexOf } from '../../../lambdas/core/privacy/field-cipher';
import { PersonalDataSealer } from '../../../lambdas/core/privacy/personal-data-sealer';
import type { KeyState, SubjectKey } from '../../../lambdas/core/privacy/ports';
import { revealPersonalData, sealedKeyIdsOf } from '../../../lambdas/core/privacy/reveal-personal-data';
import { childPath } from '../../../lambdas/core/privacy/personal-fields';
import { ERASED, isSealedValue, parseSealedValue, UNREADABLE } from '../../../lambdas/core/privacy/sealed-value';
import { anEvent } from '../../fixtures/events';

const BLIND_KEY = new Uint8Array(32).fill(7);
const INGESTED_AT = new Date('2026-11-20T10:16:00.000Z');

/** Stands in for the key store: one fixed key per subject, every call recorded. */
function keysBySubject() {
  const keys = new Map<string, SubjectKey>();
  const calls: [string, string][] = [];
  const keyStore = {
    keyFor: async (subjectId: string, retainUntil: string) => {
      calls.push([subjectId, retainUntil]);
      if (!keys.has(subjectId)) keys.set(subjectId, { keyId: `key-${subjectId}`, key: new Uint8Array(32).fill(keys.size + 1) });
      return keys.get(subjectId) as SubjectKey;
    },
  };
  const states = (): Map<string, KeyState> => new Map([...keys.values()].map((key) => [key.keyId, { kind: 'usable', key } as const]));
  return { keyStore, keys, calls, states };
}

async function sealedEvent(input: AuditEventInput, personalDataKeys: string[] = []) {
  const store = keysBySubject();
  const sealer = new PersonalDataSealer({ keyStore: store.keyStore, blindIndexKey: async () => BLIND_KEY, personalDataKeys });
  const seal = await sealer.prepare([{ input, retainUntil: retainUntilOf(input, INGESTED_AT) }]);
  const event = buildStoredEvent(input, { eventId: input.eventId as string, source: 'test', ingestedAt: INGESTED_AT }, seal);
  return { event, ...store };
}

const PERSONAL_INPUT = anEvent({
  eventType: 'account.update',
  target: { type: 'user', id: 'jdoe' },
  actor: { userId: 'admin-2', ip: '2001:DB8::7', userAgent: 'Mozilla/5.0', sessionId: 's-1' },
  metadata: {
    warehouse: 'WH-KGN-01',
    requestedOn: '2026-11-20',
    amount: '+1500.00',
    requestId: '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
    contact: { email: 'jane@example.org', Full_Name: { first: 'Jane', last: 'Doe' } },
    notes: ['called back', '+1 876 555 0142'],
    password: 'hunter2',
    kin: 'John Doe',
  },
  previousState: { displayName: 'J. Doe', enabled: true },
  changes: [
    { field: 'profile.phoneNumber', oldValue: 18765550142, newValue: null },
    { field: 'quantity', oldValue: 40, newValue: 'ops@example.org' },
  ],
});

const SEALED_PATHS = [
  'actor.ip', 'actor.userAgent', 'actor.sessionId',
  'metadata.contact.email', 'metadata.contact.Full_Name', 'metadata.notes[1]',
  'previousState.displayName', 'changes[0].oldValue', 'changes[1].newValue',
];

describe('sealing an event at ingest', () => {
  it('seals exactly the personal values, at their paths', async () => {
    // Act
    const { event } = await sealedEvent(PERSONAL_INPUT);
    // Assess
    expect(Object.keys(revealPersonalData(event, new Map())).sort()).toEqual([...SEALED_PATHS].sort());
  });

  it('leaves the account id, dates, amounts, ids, redacted secrets and other values in clear', async () => {
    // Act
    const { event } = await sealedEvent(PERSONAL_INPUT);
    // Assess
    expect(event.actor.userId).toBe('admin-2');
    expect(event.metadata).toMatchObject({
      warehouse: 'WH-KGN-01', requestedOn: '2026-11-20', amount: '+1500.00',
      requestId: '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', password: '[REDACTED]', kin: 'John Doe',
    });
    expect(event.changes).toEqual([
      { field: 'profile.phoneNumber', oldValue: expect.stringMatching(/^pii:v1:/), newValue: null },
      { field: 'quantity', oldValue: 40, newValue: expect.stringMatching(/^pii:v1:/) },
    ]);
  });

  it('hashes the sealed form, which the stored schema accepts', async () => {
    // Act
    const { event } = await sealedEvent(PERSONAL_INPUT);
    // Assess
    const { contentHash, ...hashed } = event;
    expect(contentHashOf(hashed as StoredEvent)).toBe(contentHash);
    expect(StoredEventSchema.safeParse(event).success).toBe(true);
  });

  it('reveals every sealed value as it was sent (sessionId as its digest)', async () => {
    // Prepare
    const { event, states } = await sealedEvent(PERSONAL_INPUT);
    // Act
    const revealed = revealPersonalData(event, states());
    // Assess
    expect(revealed).toEqual({
      'actor.ip': '2001:DB8::7', 'actor.userAgent': 'Mozilla/5.0', 'actor.sessionId': expect.stringMatching(/^sha256:[0-9a-f]{32}$/),
      'metadata.contact.email': 'jane@example.org', 'metadata.contact.Full_Name': { first: 'Jane', last: 'Doe' },
      'metadata.notes[1]': '+1 876 555 0142', 'previousState.displayName': 'J. Doe',
      'changes[0].oldValue': 18765550142, 'changes[1].newValue': 'ops@example.org',
    });
  });

  it('seals actor fields under the actor and content under the target user', async () => {
    // Act
    const { event, calls } = await sealedEvent(PERSONAL_INPUT);
    // Assess
    expect(parseSealedValue(event.actor.ip)?.keyId).toBe('key-admin-2');
    expect(parseSealedValue(event.metadata?.contact)).toBeUndefined();
    expect(parseSealedValue((event.metadata?.contact as Record<string, unknown>).email)?.keyId).toBe('key-jdoe');
    expect(calls.map(([subject]) => subject).sort()).toEqual(['admin-2', 'jdoe']);
  });

  it('asks for keys that outlive the event', async () => {
    // Act
    const { event, calls } = await sealedEvent(PERSONAL_INPUT);
    // Assess
    expect(calls.map(([, until]) => until)).toEqual([event.retention.expiresAt, event.retention.expiresAt]);
  });

  it('puts the blind index of the canonical address on actor.ip and the item', async () => {
    // Act
    const { event } = await sealedEvent(PERSONAL_INPUT);
    // Assess
    const blind = blindIndexOf('ip', '2001:db8::7', BLIND_KEY);
    expect(parseSealedValue(event.actor.ip)?.blind).toBe(blind);
    expect(parseSealedValue(event.actor.userAgent)?.blind).toBeUndefined();
    expect(toEventItem(event).ipKey).toBe(blind);
  });

  it('seals values under configured extra key names', async () => {
    // Act
    const { event } = await sealedEvent(PERSONAL_INPUT, ['kin']);
    // Assess
    expect(isSealedValue(event.metadata?.kin)).toBe(true);
  });

  it('asks for no key when the event holds nothing personal', async () => {
    // Act
    const { event, calls } = await sealedEvent(anEvent({ actor: { userId: 'svc-batch' } }));
    // Assess
    expect([calls, sealedKeyIdsOf(event)]).toEqual([[], []]);
  });

  it('reads erased values as [erased] and unknown or moved ones as [unreadable]', async () => {
    // Prepare
    const { event, keys } = await sealedEvent(PERSONAL_INPUT);
    const actorKey = keys.get('admin-2') as SubjectKey;
    const states = new Map<string, KeyState>([[actorKey.keyId, { kind: 'erased', keyId: actorKey.keyId, erasedAt: '2026-12-01T00:00:00.000Z' }]]);
    const moved = { ...event, metadata: { ...event.metadata, copy: event.actor.ip } };
    const withActorKey = new Map<string, KeyState>([[actorKey.keyId, { kind: 'usable', key: actorKey }]]);
    // Act
    const erased = revealPersonalData(event, states);
    const afterMove = revealPersonalData(moved, withActorKey);
    // Assess
    expect(erased['actor.ip']).toBe(ERASED);
    expect(erased['metadata.contact.email']).toBe(UNREADABLE);
    expect([afterMove['actor.ip'], afterMove['metadata.copy']]).toEqual(['2001:DB8::7', UNREADABLE]);
  });

  it('names each key the event was sealed with once', async () => {
    // Act
    const { event } = await sealedEvent(PERSONAL_INPUT);
    // Assess
    expect(sealedKeyIdsOf(event).sort()).toEqual(['key-admin-2', 'key-jdoe']);
  });
});

/** Walks the sealed and the unsealed event together: each sealed string must reveal to the value in its place. */
function expectSameButSealed(sealed: unknown, plain: unknown, revealed: Record<string, unknown>, path = ''): void {
  if (isSealedValue(sealed)) {
    expect(revealed[path]).toEqual(plain);
  } else if (sealed !== null && typeof sealed === 'object') {
    expect(Object.keys(sealed)).toEqual(Object.keys(plain as object));
    for (const [key, child] of Object.entries(sealed)) {
      const name = Array.isArray(sealed) ? Number(key) : key;
      expectSameButSealed(child, (plain as Record<string, unknown>)[key], revealed, childPath(path, name));
    }
  } else expect(sealed).toEqual(plain);
}

describe('sealing any content', () => {
  const content = fc.dictionary(
    fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('email', 'Name', '__proto__', 'a.b', 'constructor', 'phone_number')),
    fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('jane@example.org', '+44 20 7946 0958', '2026-11-20')),
    { maxKeys: 8 },
  ).map((v) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>);

  it('reveals every sealed value to exactly what the unsealed event holds there', async () => {
    await fc.assert(
      fc.asyncProperty(content, content, async (metadata, newState) => {
        const input = anEvent({ metadata, newState, target: { type: 'user', id: 'jdoe' } });
        const { event, states } = await sealedEvent(input);
        const plain = buildStoredEvent(input, { eventId: input.eventId as string, source: 'test', ingestedAt: INGESTED_AT });
        const { contentHash: _s, ...sealedBody } = event;
        const { contentHash: _p, ...plainBody } = plain;
        expectSameButSealed(sealedBody, plainBody, revealPersonalData(event, states()));
        expect(Object.getPrototypeOf(event.metadata)).toBe(Object.prototype);
        expect(JSON.stringify(event)).not.toMatch(/jane@example\.org|\+44 20 7946 0958/);
      }),
      { numRuns: 150 },
    );
  });
});
