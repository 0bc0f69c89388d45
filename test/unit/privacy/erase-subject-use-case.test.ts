import { describe, expect, it } from '@jest/globals';
import type { IngestEvents } from '../../../lambdas/core/ingest-events';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { LegalHoldError, ValidationError } from '../../../lambdas/core/errors';
import { EraseSubject, subjectKeyIdsIn } from '../../../lambdas/core/privacy/erase-subject';
import { PrivacyAuditor } from '../../../lambdas/core/privacy/privacy-audit';
import type { KeyState, SubjectKeyStore } from '../../../lambdas/core/privacy/ports';
import type { EventIndexReader, SegmentRead } from '../../../lambdas/core/query/ports';

/** EraseSubject's order of work and its refusals, over in-memory ports. */

const sealed = (keyId: string) => `pii:v1:${keyId}::${'A'.repeat(40)}`;
const NOW = new Date('2026-11-20T12:00:00.000Z');

function eventOf(actor: string, target: { type: string; id: string }, keyIds: { actor: string; content: string }): StoredEvent {
  return {
    eventId: '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', occurredAt: '2026-11-20T10:00:00.000Z', eventType: 'account.update',
    actor: { userId: actor, ip: sealed(keyIds.actor) }, target, outcome: 'success',
    metadata: { email: sealed(keyIds.content), nested: { phone: sealed(keyIds.content) } },
  } as unknown as StoredEvent;
}

/** Records every port call in order. */
function world(events: StoredEvent[]) {
  const calls: string[] = [];
  const erasedAt = new Map<string, string>();
  const reader: EventIndexReader = {
    async *read(request: SegmentRead) {
      calls.push(`read ${request.segment.kind}`);
      yield* events;
    },
  };
  const keys = {
    async eraseSubject(subjectId: string, at: Date) {
      calls.push(`erase ${subjectId}`);
      for (const id of ['k-sub']) if (!erasedAt.has(id)) erasedAt.set(id, at.toISOString());
      return ['k-sub'];
    },
    async keysById(ids: readonly string[]) {
      return new Map(ids.map((id): [string, KeyState] => [id, { kind: 'erased', keyId: id, erasedAt: erasedAt.get(id) ?? '' }]));
    },
  } as unknown as SubjectKeyStore;
  const ingest = { execute: async (body: { eventType: string; outcome: string; metadata: object }) => {
    calls.push(`record ${body.eventType} ${body.outcome} ${JSON.stringify(body.metadata)}`);
    return [{ eventId: 'e' }];
  } } as unknown as IngestEvents;
  return { calls, reader, keys, auditor: new PrivacyAuditor(ingest, () => NOW) };
}

describe('EraseSubject', () => {
  it('records the erasure with its reason and the subject\'s key ids before destroying any key', async () => {
    // Prepare
    const w = world([eventOf('u-1', { type: 'user', id: 'u-1' }, { actor: 'k-sub', content: 'k-sub' })]);
    const erase = new EraseSubject({ ...w, legalHolds: [], now: () => NOW });
    // Act
    const result = await erase.execute('u-1', { reason: 'asked' }, { principal: 'local:privacy' });
    // Assess
    expect(result).toEqual({ subjectId: 'u-1', erasedAt: NOW.toISOString(), keysDestroyed: 1 });
    expect(w.calls.filter((c) => !c.startsWith('read'))).toEqual([
      `record privacy.subject.erase success ${JSON.stringify({ route: 'POST /v1/subjects/{subjectId}/erasure', reason: 'asked', keyIds: ['k-sub'] })}`,
      'erase u-1',
    ]);
  });

  it('answers 0 keys for a key an earlier erasure destroyed', async () => {
    const w = world([]);
    await new EraseSubject({ ...w, legalHolds: [], now: () => new Date('2026-01-01T00:00:00Z') }).execute('u-1', { reason: 'a' }, { principal: 'p' });
    const again = await new EraseSubject({ ...w, legalHolds: [], now: () => NOW }).execute('u-1', { reason: 'b' }, { principal: 'p' });
    expect(again.keysDestroyed).toBe(0);
  });

  it('refuses under a legal hold: records a denied erasure, destroys nothing', async () => {
    // Prepare
    const w = world([]);
    const erase = new EraseSubject({ ...w, legalHolds: [{ id: 'case-1', reason: 'litigation', subjects: '*' }], now: () => NOW });
    // Act
    const refusal = erase.execute('u-1', { reason: 'asked' }, { principal: 'p' });
    // Assess
    await expect(refusal).rejects.toBeInstanceOf(LegalHoldError);
    expect(w.calls).toEqual([`record privacy.subject.erase denied ${JSON.stringify({ route: 'POST /v1/subjects/{subjectId}/erasure', reason: 'asked', legalHold: 'case-1' })}`]);
  });

  it.each([
    ['no body', undefined], ['no reason', {}], ['an empty reason', { reason: '' }], ['a reason over 500 characters', { reason: 'x'.repeat(501) }], ['a bare string', 'asked'],
  ])('refuses %s before recording anything', async (_name, body) => {
    const w = world([]);
    await expect(new EraseSubject({ ...w, legalHolds: [] }).execute('u-1', body, { principal: 'p' })).rejects.toBeInstanceOf(ValidationError);
    expect(w.calls).toEqual([]);
  });
});

describe('subjectKeyIdsIn', () => {
  it('takes the actor key of events by the subject and the content key of events about them, nobody else\'s', () => {
    const events = [
      eventOf('u-1', { type: 'donation', id: 'DN-1' }, { actor: 'k-1a', content: 'k-1b' }),
      eventOf('officer', { type: 'user', id: 'u-1' }, { actor: 'k-officer', content: 'k-1c' }),
      eventOf('u-1', { type: 'user', id: 'u-2' }, { actor: 'k-1d', content: 'k-2' }),
    ];
    expect(subjectKeyIdsIn(events, 'u-1')).toEqual(['k-1a', 'k-1b', 'k-1c', 'k-1d']);
  });
});
