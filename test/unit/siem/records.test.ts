/** Records per format, the destination filter, and the product name every format uses. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalHash } from '../../../lambdas/core/canonical';
import type { SiemFilter } from '../../../lambdas/core/siem/destinations';
import { ocsfEvent } from '../../../lambdas/core/siem/ocsf';
import { SIEM_PRODUCT } from '../../../lambdas/core/siem/product';
import { matchesFilter, siemRecord } from '../../../lambdas/core/siem/records';
import { storedSample } from './sample-events';

describe('siemRecord', () => {
  const event = storedSample('donation.update', { reason: 'line\nbreak \u2028 \u0085 \u001b[0m' });

  it('names the event it came from', () => {
    expect(siemRecord('cef', event)).toMatchObject({ eventId: event.eventId, ingestedAt: event.ingestedAt });
  });

  it('json: the stored event, every value exactly, on one line', () => {
    const { body } = siemRecord('json', event);
    expect(body).not.toMatch(/[\n\r\u2028\u0085\u001b]/);
    expect(JSON.parse(body)).toEqual(event);
  });

  it('json: a SIEM can recompute contentHash from the record', () => {
    const { contentHash, ...rest } = JSON.parse(siemRecord('json', event).body) as typeof event;
    expect(canonicalHash(rest)).toBe(contentHash);
  });

  it('ocsf: the OCSF event as one line of JSON', () => {
    const { body } = siemRecord('ocsf', event);
    expect(body).not.toMatch(/[\n\r\u2028\u0085\u001b]/);
    expect(JSON.parse(body)).toEqual(ocsfEvent(event));
  });

  it('cef: the CEF line', () => {
    expect(siemRecord('cef', event).body).toMatch(/^CEF:0\|DMIS\|Audit Trail\|/);
  });
});

describe('matchesFilter', () => {
  const login = storedSample('auth.login.failure'); // authentication, high
  const update = storedSample('donation.update'); // data_change, medium

  it('lets everything through without a filter or criteria', () => {
    expect([matchesFilter(undefined, login), matchesFilter({}, update)]).toEqual([true, true]);
  });

  it.each<[SiemFilter, boolean, boolean]>([
    [{ categories: ['authentication'] }, true, false],
    [{ minSeverity: 'high' }, true, false],
    [{ minSeverity: 'medium' }, true, true],
    [{ eventTypes: ['auth.'] }, true, false],
    [{ eventTypes: ['auth.login'] }, false, false],
    [{ eventTypes: ['donation.update', 'auth.logout'] }, false, true],
    [{ categories: ['authentication', 'data_change'], minSeverity: 'high' }, true, false],
  ])('%j: login %s, donation update %s', (filter, forLogin, forUpdate) => {
    expect([matchesFilter(filter, login), matchesFilter(filter, update)]).toEqual([forLogin, forUpdate]);
  });

  it('needs every criterion to match', () => {
    fc.assert(fc.property(fc.constantFrom('authentication', 'data_change' as const), fc.constantFrom('low', 'medium', 'high', 'critical' as const), (category, minSeverity) => {
      const both = matchesFilter({ categories: [category], minSeverity }, login);
      expect(both).toBe(matchesFilter({ categories: [category] }, login) && matchesFilter({ minSeverity }, login));
    }));
  });
});

describe('SIEM_PRODUCT', () => {
  it('carries the release in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(SIEM_PRODUCT.version).toBe(pkg.version);
  });
});
