/**
 * Personal-data configuration (lib/privacy-config.ts): what each context key gives the
 * stack, and the mistakes that fail synth naming the key. Legal holds are validated by the
 * same schema the local runtime reads `.local/privacy.json` with.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_CONFIG, resolveAuditConfig, type ConfigSource } from '../../lib/config';
import { MAX_PRIVACY_SETTINGS_BYTES } from '../../lib/privacy-config';

const sourceOf =
  (values: Record<string, unknown>): ConfigSource =>
  (key) =>
    values[key];
const HOLD = { id: 'CASE-2026-014', reason: 'litigation over relief distribution', subjects: ['jdoe', 'asmith'], until: '2027-06-30' };
const OFFICER = 'arn:aws:iam::555555555555:role/privacy-officer';

describe('privacy config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'privacy-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to no extra personal keys, sealed values for auditors, no holds, officers trusted by the account', () => {
    const { privacy } = resolveAuditConfig(sourceOf({}));

    expect(privacy).toEqual({
      personalDataKeys: [],
      settings: { auditorsReadPersonalData: false, legalHolds: [] },
      privacyOfficerPrincipalArns: [],
    });
    expect(DEFAULT_CONFIG.privacy).toEqual(privacy);
  });

  it('reads the command line forms: comma lists, true, holds as a JSON string', () => {
    const { privacy } = resolveAuditConfig(
      sourceOf({
        personalDataKeys: 'beneficiaryName, householdHead',
        auditorsReadPersonalData: 'true',
        legalHolds: JSON.stringify([HOLD]),
        privacyOfficerPrincipalArns: OFFICER,
      }),
    );

    expect(privacy).toEqual({
      personalDataKeys: ['beneficiaryName', 'householdHead'],
      settings: { auditorsReadPersonalData: true, legalHolds: [HOLD] },
      privacyOfficerPrincipalArns: [OFFICER],
    });
  });

  it("reads cdk.json's forms: arrays, booleans, holds as an array", () => {
    const { privacy } = resolveAuditConfig(
      sourceOf({ personalDataKeys: ['nextOfKin'], auditorsReadPersonalData: false, legalHolds: [{ ...HOLD, subjects: '*' }] }),
    );

    expect(privacy.personalDataKeys).toEqual(['nextOfKin']);
    expect(privacy.settings).toEqual({ auditorsReadPersonalData: false, legalHolds: [{ ...HOLD, subjects: '*' }] });
  });

  it('reads holds from file:<path>', () => {
    const path = join(dir, 'holds.json');
    writeFileSync(path, JSON.stringify([HOLD]));

    expect(resolveAuditConfig(sourceOf({ legalHolds: `file:${path}` })).privacy.settings.legalHolds).toEqual([HOLD]);
  });

  it.each([
    ['a personal key with path syntax', { personalDataKeys: 'contact.email' }, 'personalDataKeys[0]', /metadata key/],
    ['auditors reading personal data set to yes', { auditorsReadPersonalData: 'yes' }, 'auditorsReadPersonalData', /true or false/],
    ['holds that are not JSON', { legalHolds: '[{id: 1}]' }, 'legalHolds', /must be JSON/],
    ['a hold without a reason', { legalHolds: [{ id: 'H1', subjects: '*' }] }, 'legalHolds', /reason/],
    ['a hold with an unknown field', { legalHolds: [{ ...HOLD, scope: 'all' }] }, 'legalHolds', /scope|unrecognized/i],
    ['two holds with one id', { legalHolds: [HOLD, HOLD] }, 'legalHolds', /own id/],
    ['a holds file that does not exist', { legalHolds: 'file:/nonexistent/holds.json' }, 'legalHolds', /cannot read/],
    ['an officer that is not an IAM principal', { privacyOfficerPrincipalArns: 'privacy-officer' }, 'privacyOfficerPrincipalArns[0]', /IAM role/],
  ])('refuses %s, naming the key', (_name, values, key, problem) => {
    const resolve = () => resolveAuditConfig(sourceOf(values));

    expect(resolve).toThrow(`Invalid config "${key}": `);
    expect(resolve).toThrow(problem);
  });

  it('refuses holds too large for the function environment', () => {
    const subjects = Array.from({ length: 200 }, (_, i) => `subject-${String(i).padStart(4, '0')}`);
    const resolve = () => resolveAuditConfig(sourceOf({ legalHolds: [{ ...HOLD, subjects }] }));

    expect(resolve).toThrow('Invalid config "legalHolds": ');
    expect(resolve).toThrow(new RegExp(`more than the ${MAX_PRIVACY_SETTINGS_BYTES}`));
  });
});
