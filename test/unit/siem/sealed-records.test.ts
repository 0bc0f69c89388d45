/**
 * SIEM records of events whose actor.ip, userAgent and sessionId ingest sealed: no typed
 * field holds a sealed string (invalid there), the source is sent as its blind index in a
 * labelled custom field (CEF) or `unmapped` (OCSF), OCSF stays valid, and neither the
 * plaintext nor (outside the JSON and `unmapped` copies) the ciphertext is sent.
 */
import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { cefMessage } from '../../../lambdas/core/siem/cef';
import { jsonRecord } from '../../../lambdas/core/siem/json';
import { ocsfEvent } from '../../../lambdas/core/siem/ocsf';
import { validateOcsf } from '../../fixtures/ocsf-validate';
import { blindNameOf, withSealedActor } from '../../fixtures/sealed-actor';
import { parseCef } from '../../fixtures/siem-parse';
import { SAMPLE_TYPES, storedSample } from './sample-events';

const ipv6Login = () => storedSample('auth.login.failure', { actor: { userId: 'jdoe', ip: '2001:db8::23', userAgent: 'Mozilla/5.0', sessionId: 's-77' } });
const SEALED_TYPES = SAMPLE_TYPES.filter((type) => storedSample(type).actor.ip !== undefined);
const plaintextOf = (e: StoredEvent) => [e.actor.ip, e.actor.userAgent, e.actor.sessionId].filter((v): v is string => v !== undefined);

describe('CEF of a sealed actor', () => {
  it.each([['IPv4', () => storedSample('auth.login.failure', { actor: { userId: 'jdoe', ip: '198.51.100.23', userAgent: 'Mozilla/5.0', sessionId: 's-77' } })], ['IPv6', ipv6Login]])(
    'sends the %s source as its blind in flexString1, and no sealed value',
    (_, sample) => {
      // Prepare
      const clear = sample();
      // Act
      const line = cefMessage(withSealedActor(clear));
      const { extension } = parseCef(line);
      // Assess
      expect(extension).toMatchObject({ flexString1: blindNameOf(clear.actor.ip ?? ''), flexString1Label: 'sourceIpBlind', suser: 'jdoe' });
      for (const key of ['src', 'c6a2', 'requestClientApplication', 'cs4']) expect(extension).not.toHaveProperty(key);
      expect(line).not.toContain('pii:v1:');
      for (const plain of plaintextOf(clear)) expect(line).not.toContain(plain);
    },
  );

  it('keeps src for an address stored in clear', () => {
    expect(parseCef(cefMessage(storedSample('auth.login.failure'))).extension).toMatchObject({ src: '198.51.100.23', requestClientApplication: 'Mozilla/5.0' });
  });
});

describe('OCSF of a sealed actor', () => {
  it.each(SEALED_TYPES)('maps %s to a valid record with the blind in unmapped and no sealed attribute', (type) => {
    // Prepare
    const clear = storedSample(type);
    const sealed = withSealedActor(clear);
    // Act
    const record = ocsfEvent(sealed) as unknown as Record<string, unknown>;
    // Assess
    expect(validateOcsf(record)).toEqual([]);
    expect(record.unmapped).toMatchObject({ sourceIpBlind: blindNameOf(clear.actor.ip ?? '') });
    const { unmapped, ...mapped } = record;
    expect(JSON.stringify(mapped)).not.toContain('pii:v1:');
    for (const plain of plaintextOf(clear)) expect(JSON.stringify(record)).not.toContain(plain);
    expect(JSON.stringify(unmapped)).toContain(sealed.actor.ip);
  });

  it('leaves the sealed user agent and session out of http_request and actor.session', () => {
    const sealed = withSealedActor(ipv6Login());
    const record = ocsfEvent(sealed);
    expect(record).not.toHaveProperty('http_request');
    expect(record.actor).toEqual({ user: { uid: 'jdoe' } });
    expect(record.unmapped.sealedActor).toEqual({ ip: sealed.actor.ip, userAgent: sealed.actor.userAgent, sessionId: sealed.actor.sessionId });
  });

  it('gives API Activity its caller principal as source endpoint when the address is sealed', () => {
    const record = ocsfEvent(withSealedActor(storedSample('authz.access.denied')));
    expect(validateOcsf(record as unknown as Record<string, unknown>)).toEqual([]);
    expect(record.src_endpoint).toEqual({ svc_name: storedSample('authz.access.denied').source });
  });
});

describe('JSON of a sealed actor', () => {
  it('is the stored event as it is: sealed strings, no plaintext', () => {
    const clear = ipv6Login();
    const sealed = withSealedActor(clear);
    const text = jsonRecord(sealed);
    expect(JSON.parse(text)).toEqual(sealed);
    for (const plain of plaintextOf(clear)) expect(text).not.toContain(`"${plain}"`);
  });
});
