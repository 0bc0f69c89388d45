import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { blindIndexOf, canonicalIp, openValue, sealValue } from '../../../lambdas/core/privacy/field-cipher';
import type { SubjectKey } from '../../../lambdas/core/privacy/ports';
import { isSealedValue, parseSealedValue, type SealedValue } from '../../../lambdas/core/privacy/sealed-value';

const KEY: SubjectKey = { keyId: 'k1_subject-A', key: new Uint8Array(32).fill(3) };
const OTHER_KEY = new Uint8Array(32).fill(4);
const BLIND_KEY = new Uint8Array(32).fill(7);
const AT = { eventId: '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', path: 'metadata.email' };

const parts = (sealed: string) => parseSealedValue(sealed) as SealedValue;

describe('sealValue and openValue', () => {
  it('stores the pii:v1 form with the key id and no plaintext', () => {
    // Act
    const sealed = sealValue('jane@example.org', AT, KEY);
    // Assess
    expect(isSealedValue(sealed)).toBe(true);
    expect(parts(sealed)).toEqual({ keyId: KEY.keyId, payload: expect.any(String) });
    expect(sealed).not.toContain('jane');
  });

  it('seals the same value at the same place to the same string (a retry)', () => {
    expect(sealValue('jane@example.org', AT, KEY)).toBe(sealValue('jane@example.org', AT, KEY));
  });

  it('derives the IV from the key, event, path and value', () => {
    // Act
    const iv = Buffer.from(parts(sealValue('x', AT, KEY)).payload, 'base64url').subarray(0, 12);
    // Assess
    const expected = createHmac('sha256', KEY.key).update(`iv\n${AT.eventId}\n${AT.path}\n"x"`).digest().subarray(0, 12);
    expect(iv.toString('hex')).toBe(expected.toString('hex'));
  });

  it('seals to different strings for another event, path or value', () => {
    // Act
    const strings = new Set([
      sealValue('x', AT, KEY),
      sealValue('x', { ...AT, eventId: '00000000-0000-4000-8000-000000000000' }, KEY),
      sealValue('x', { ...AT, path: 'metadata.phone' }, KEY),
      sealValue('y', AT, KEY),
    ]);
    // Assess
    expect(strings.size).toBe(4);
  });

  it('does not open at another path, in another event, or with another key', () => {
    // Prepare
    const sealed = parts(sealValue('jane@example.org', AT, KEY));
    // Act, Assess
    expect(() => openValue(sealed, { ...AT, path: 'metadata.name' }, KEY.key)).toThrow();
    expect(() => openValue(sealed, { ...AT, eventId: '00000000-0000-4000-8000-000000000000' }, KEY.key)).toThrow();
    expect(() => openValue(sealed, AT, OTHER_KEY)).toThrow();
  });

  it('carries the blind when given one', () => {
    // Act
    const sealed = sealValue('203.0.113.7', { ...AT, path: 'actor.ip' }, KEY, blindIndexOf('ip', '203.0.113.7', BLIND_KEY));
    // Assess
    expect(parts(sealed).blind).toBe(blindIndexOf('ip', '203.0.113.7', BLIND_KEY));
  });

  const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);

  it('opens to the value sealed, for any JSON value', () => {
    fc.assert(
      fc.property(json, fc.string(), (value, path) => {
        const at = { eventId: AT.eventId, path };
        expect(openValue(parts(sealValue(value, at, KEY)), at, KEY.key)).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses to open a sealed string with any byte of its payload changed', () => {
    fc.assert(
      fc.property(json, fc.nat(), fc.integer({ min: 1, max: 255 }), (value, index, flip) => {
        const sealed = parts(sealValue(value, AT, KEY));
        const bytes = Buffer.from(sealed.payload, 'base64url');
        const at = index % bytes.byteLength;
        bytes[at] = (bytes[at] as number) ^ flip;
        expect(() => openValue({ ...sealed, payload: bytes.toString('base64url') }, AT, KEY.key)).toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe('blindIndexOf', () => {
  it('is the first 32 hex of HMAC-SHA-256 over ip and the canonical address', () => {
    expect(blindIndexOf('ip', '203.0.113.7', BLIND_KEY)).toBe(createHmac('sha256', BLIND_KEY).update('ip\n203.0.113.7').digest('hex').slice(0, 32));
  });

  it('gives one blind for every spelling of an IPv6 address', () => {
    // Act
    const blinds = new Set(['2001:DB8::1', '2001:db8:0:0:0:0:0:1', '2001:0db8::0001'].map((ip) => blindIndexOf('ip', ip, BLIND_KEY)));
    // Assess
    expect([...blinds]).toEqual([blindIndexOf('ip', '2001:db8::1', BLIND_KEY)]);
  });

  it('depends on the key', () => {
    expect(blindIndexOf('ip', '203.0.113.7', BLIND_KEY)).not.toBe(blindIndexOf('ip', '203.0.113.7', OTHER_KEY));
  });
});

describe('canonicalIp', () => {
  it.each([
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::FFFF:192.0.2.1', '::ffff:c000:201'],
    ['203.0.113.7', '203.0.113.7'],
    ['fe80::1', 'fe80::1'],
  ])('writes %s as %s', (ip, canonical) => {
    expect(canonicalIp(ip)).toBe(canonical);
  });
});
