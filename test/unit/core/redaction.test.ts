import { describe, expect, it } from '@jest/globals';
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
