import { describe, expect, it } from '@jest/globals';
import {
  actorSubjectOf,
  contentSubjectOf,
  isPersonalShape,
  personalKeyTest,
  renderPersonalDataTable,
} from '../../../lambdas/core/privacy/personal-data';

describe('personal key names', () => {
  const isPersonal = personalKeyTest();

  it.each(['email', 'E-Mail', 'e_mail', 'emailAddress', 'firstName', 'last_name', 'DOB', 'ip', 'ipAddress', 'postal-code', 'TRN'])(
    'treats %s as personal',
    (key) => {
      expect(isPersonal(key)).toBe(true);
    },
  );

  it.each(['filename', 'eventName', 'warehouse', 'requestId', 'zip', 'ipRange', 'names', 'quantity'])('does not treat %s as personal', (key) => {
    expect(isPersonal(key)).toBe(false);
  });

  it('adds the configured names, compared the same way', () => {
    // Prepare
    const withExtra = personalKeyTest(['Next_Of-Kin']);
    // Act, Assess
    expect([withExtra('nextOfKin'), withExtra('next-of-kin'), personalKeyTest()('nextOfKin')]).toEqual([true, true, false]);
  });
});

describe('personal value shapes', () => {
  it.each([
    'jane.doe@example.org',
    'j+tag@mail.example.gov.jm',
    "o'brien@example.ie",
    '+18765550142',
    '+1 876 555 0142',
    '+44-20-7946-0958',
  ])('finds %s', (value) => {
    expect(isPersonalShape(value)).toBe(true);
  });

  it.each([
    ['an ISO date', '2026-11-20'],
    ['an ISO timestamp', '2026-11-20T10:15:30.000Z'],
    ['a UUID', '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b'],
    ['an amount', '+1500.00'],
    ['a signed quantity', '+42'],
    ['a record id', 'DN-2041'],
    ['a phone number without +', '876-555-0142'],
    ['a too long + number', '+1234567890123456'],
    ['a host without a dot', 'user@localhost'],
    ['a numeric top-level domain', 'user@host.123'],
    ['text around an address', 'mail jane@example.org today'],
    ['a double dot in the local part', 'jane..doe@example.org'],
    ['an @-handle', '@jdoe'],
  ])('leaves %s alone', (_what, value) => {
    expect(isPersonalShape(value)).toBe(false);
  });
});

describe('whose key', () => {
  const actor = { userId: 'officer-17' };

  it('seals actor fields under the actor', () => {
    expect(actorSubjectOf({ actor, target: { type: 'user', id: 'jdoe' } })).toBe('officer-17');
  });

  it.each(['user', 'user_account', 'account'])('seals content under the target when it is a %s', (type) => {
    expect(contentSubjectOf({ actor, target: { type, id: 'jdoe' } })).toBe('jdoe');
  });

  it('seals content under the actor when the target is a record or absent', () => {
    expect([contentSubjectOf({ actor, target: { type: 'donation', id: 'DN-1' } }), contentSubjectOf({ actor })]).toEqual(['officer-17', 'officer-17']);
  });
});

describe('renderPersonalDataTable', () => {
  it('renders one row per description entry, after the header', () => {
    // Act
    const lines = renderPersonalDataTable().split('\n');
    // Assess
    expect(lines.slice(0, 2)).toEqual(['| field | personal | whose key | searchable |', '|---|---|---|---|']);
    expect(lines.slice(2).map((l) => l.split(' | ')[0])).toEqual([
      '| `actor.ip`', '| `actor.userAgent`', '| `actor.sessionId`', '| `actor.userId`',
      '| `metadata`, `previousState`, `newState` (any depth)', '| `changes[i].oldValue`, `changes[i].newValue`',
    ]);
  });
});
