import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isSecretKey, passesLuhn, REDACTED, Redactor, redactString } from '../../../lambdas/core/redaction';

describe('secret keys', () => {
  it.each(['password', 'newPassword', 'client_secret', 'accessToken', 'api-key', 'Authorization', 'set-cookie', 'privateKey', 'cardNumber', 'cvv', 'pin', 'OTP'])(
    'treats %s as a secret',
    (key) => expect(isSecretKey(key)).toBe(true),
  );
  it.each(['warehouse', 'quantity', 'shipping', 'userId', 'donorName', 'opinion'])('keeps %s', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

describe('secret shapes in strings', () => {
  it('replaces a JWT inside text', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(redactString(`token was ${jwt} ok`)).toBe(`token was ${REDACTED} ok`);
  });
  it('replaces a bearer credential', () => {
    expect(redactString('Authorization: Bearer abcdef123456789')).toBe(`Authorization: ${REDACTED}`);
  });
  it('replaces an AWS access key id', () => {
    expect(redactString('key AKIAIOSFODNN7EXAMPLE used')).toBe(`key ${REDACTED} used`);
  });
  it('replaces a card number that passes Luhn, with spaces', () => {
    expect(redactString('card 4111 1111 1111 1111 charged')).toBe(`card ${REDACTED} charged`);
  });
  it('keeps a long number that fails Luhn', () => {
    expect(redactString('waybill 4111111111111112')).toBe('waybill 4111111111111112');
  });
  it('replaces a PEM private key', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----';
    expect(redactString(`key: ${pem}`)).toBe(`key: ${REDACTED}`);
  });
  it('checks Luhn correctly', () => {
    expect([passesLuhn('79927398713'), passesLuhn('79927398710')]).toEqual([true, false]);
  });
});

describe('Redactor', () => {
  it('redacts nested secret keys and records each path', () => {
    const redactor = new Redactor();
    const out = redactor.value({ login: { password: 'hunter2', user: 'a' }, list: [{ apiKey: 'k' }] }, 'metadata');
    expect(out).toEqual({ login: { password: REDACTED, user: 'a' }, list: [{ apiKey: REDACTED }] });
    expect(redactor.paths).toEqual(['metadata.login.password', 'metadata.list[0].apiKey']);
  });
  it('redacts a card number stored as a JSON number', () => {
    const redactor = new Redactor();
    expect(redactor.value({ n: 4111111111111111 }, 'metadata')).toEqual({ n: REDACTED });
  });
  it('leaves clean values untouched and records nothing', () => {
    const redactor = new Redactor();
    const value = { qty: 5, note: 'delivered to shelter 4', nested: [1, 'two', null, true] };
    expect(redactor.value(value, 'metadata')).toEqual(value);
    expect(redactor.paths).toEqual([]);
  });
});

describe('redaction blind spots', () => {
  it.each(['pass', 'pw', 'jwt', 'bearer', 'session', 'sessionId', 'user_pw', 'loginPass', 'x-session', 'passcode'])(
    'treats the short or compound key %s as a secret',
    (key) => expect(isSecretKey(key)).toBe(true),
  );
  it.each(['compass', 'passenger', 'bypass', 'session_count', 'pwm'])('keeps %s, where the short word is only part of another', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
  it('replaces a JWT glued to the text before it', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(redactString(`header:tok${jwt} end`)).toBe(`header:tok${REDACTED} end`);
  });
  it('replaces an AWS access key id glued to words on both sides', () => {
    expect(redactString('keyAKIAIOSFODNN7EXAMPLEused')).toBe(`key${REDACTED}used`);
  });
  it('replaces a card number glued to letters in a sentence', () => {
    expect(redactString('paid with ref4111111111111111x today')).toBe(`paid with ref${REDACTED}x today`);
  });
  it('replaces a JWT inside a longer dotted run, keeping the text around it', () => {
    expect(redactString('at host.example.eyJhbGciOi.eyJzdWIi.c2ln.tail now')).toBe(`at host.example.${REDACTED}.tail now`);
  });
  it('stays linear on text made of JWT starts (30 KB in well under a second)', () => {
    const started = Date.now();
    const out = redactString(`${'eyJ'.repeat(10_000)} then eyJhbGciOi.eyJzdWIi.c2ln`);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(out.endsWith(` then ${REDACTED}`)).toBe(true);
  });
  it('still keeps a 20-digit number, which is no card number', () => {
    expect(redactString('order 41111111111111111111')).toBe('order 41111111111111111111');
  });
});

describe('Redactor and prototype-named keys', () => {
  it('copies a __proto__ key as a key, never as the prototype', () => {
    const out = new Redactor().value(JSON.parse('{"a":{"__proto__":{"x":1},"b":1}}'), 'metadata') as Record<string, object>;
    expect(Object.getPrototypeOf(out.a)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"a":{"__proto__":{"x":1},"b":1}}');
  });

  it('copies any JSON without secrets exactly, whatever its keys', () => {
    const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'), fc.string({ maxLength: 6 }).filter((k) => !isSecretKey(k)));
    const leaf = fc.oneof(fc.boolean(), fc.integer({ min: -1000, max: 1000 }), fc.constant(null), fc.string({ maxLength: 8 }));
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 3 }), fc.dictionary(key, tie('tree'), { maxKeys: 4 })),
    }));
    fc.assert(fc.property(tree, (value) => {
      // Through JSON text, as a request body arrives: JSON.parse makes __proto__ an own key.
      const text = JSON.stringify(value);
      const redactor = new Redactor();
      expect(JSON.stringify(redactor.value(JSON.parse(text), 'metadata'))).toBe(text);
      expect(redactor.paths).toEqual([]);
    }), { numRuns: 300 });
  });
});
