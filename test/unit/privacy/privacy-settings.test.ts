import { describe, expect, it } from '@jest/globals';
import { holdOn } from '../../../lambdas/core/privacy/legal-holds';
import { DEFAULT_PRIVACY_SETTINGS, parsePrivacySettings, type LegalHold } from '../../../lambdas/core/privacy/privacy-settings';

const hold = (overrides: Partial<LegalHold> = {}): LegalHold => ({ id: 'case-1', reason: 'litigation', subjects: ['u-1'], ...overrides });
const at = (iso: string) => new Date(iso);

describe('privacy settings', () => {
  it('defaults to no clear reads for auditors and no holds', () => {
    expect([parsePrivacySettings(undefined, 'f'), parsePrivacySettings('{}', 'f')]).toEqual([DEFAULT_PRIVACY_SETTINGS, DEFAULT_PRIVACY_SETTINGS]);
  });

  it('reads the grant and holds', () => {
    const text = JSON.stringify({ auditorsReadPersonalData: true, legalHolds: [hold({ until: '2027-01-31' }), hold({ id: 'all', subjects: '*' })] });
    expect(parsePrivacySettings(text, 'f')).toEqual({ auditorsReadPersonalData: true, legalHolds: [hold({ until: '2027-01-31' }), hold({ id: 'all', subjects: '*' })] });
  });

  it.each([
    ['not JSON', '{', /privacy.json: not valid JSON/],
    ['an unknown key', '{"auditorsCanRead": true}', /privacy.json: .*auditorsCanRead/],
    ['a string grant', '{"auditorsReadPersonalData": "yes"}', /auditorsReadPersonalData/],
    ['a hold without subjects', JSON.stringify({ legalHolds: [{ id: 'h', reason: 'r', subjects: [] }] }), /legalHolds\.0\.subjects/],
    ['a hold with a bad until', JSON.stringify({ legalHolds: [hold({ until: 'next year' })] }), /legalHolds\.0\.until/],
    ['two holds with one id', JSON.stringify({ legalHolds: [hold(), hold()] }), /own id/],
  ])('refuses %s, naming the file and key', (_name, text, message) => {
    expect(() => parsePrivacySettings(text, 'privacy.json')).toThrow(message);
  });
});

describe('legal holds', () => {
  it('apply to the subjects they name, or to everyone with "*"', () => {
    const holds = [hold(), hold({ id: 'all', subjects: '*' })];
    expect([holdOn([hold()], 'u-1', at('2026-01-01T00:00:00Z'))?.id, holdOn([hold()], 'u-2', at('2026-01-01T00:00:00Z')), holdOn(holds, 'u-2', at('2026-01-01T00:00:00Z'))?.id])
      .toEqual(['case-1', undefined, 'all']);
  });

  it('end at their until instant, a bare date at the end of that UTC day', () => {
    const dated = [hold({ until: '2026-03-01' })];
    const instant = [hold({ until: '2026-03-01T12:00:00Z' })];
    expect([
      holdOn(dated, 'u-1', at('2026-03-01T23:59:59Z'))?.id,
      holdOn(dated, 'u-1', at('2026-03-02T00:00:00Z')),
      holdOn(instant, 'u-1', at('2026-03-01T11:59:59Z'))?.id,
      holdOn(instant, 'u-1', at('2026-03-01T12:00:00Z')),
    ]).toEqual(['case-1', undefined, 'case-1', undefined]);
  });
});
