/** lib/config.ts: defaults, context parsing, and errors that name the bad field. */
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CONFIG, resolveAuditConfig, type ConfigSource } from '../../lib/config';

const sourceOf =
  (values: Record<string, unknown>): ConfigSource =>
  (key) =>
    values[key];

describe('resolveAuditConfig', () => {
  it('returns the defaults when no context is given', () => {
    const config = resolveAuditConfig(sourceOf({}));

    expect(config).toEqual(DEFAULT_CONFIG);
  });

  it('reads command-line strings: comma-separated ARNs and numbers', () => {
    const config = resolveAuditConfig(
      sourceOf({
        stage: 'prod',
        writerPrincipalArns: 'arn:aws:iam::111111111111:role/dmis-api, arn:aws:iam::111111111111:role/dmis-worker',
        readerPrincipalArns: 'arn:aws:iam::222222222222:role/auditor',
        apiRateLimit: '50',
        apiBurstLimit: '100',
        logRetentionDays: '731',
      }),
    );

    expect(config).toMatchObject({
      stage: 'prod',
      writerPrincipalArns: ['arn:aws:iam::111111111111:role/dmis-api', 'arn:aws:iam::111111111111:role/dmis-worker'],
      throttling: { rateLimit: 50, burstLimit: 100 },
      logRetentionDays: 731,
    });
  });

  it('reads lists given as arrays in cdk.json', () => {
    const config = resolveAuditConfig(sourceOf({ alarmEmails: ['secops@example.gov'] }));

    expect(config.alarmEmails).toEqual(['secops@example.gov']);
  });

  it.each([
    [{ stage: 'production' }, 'stage'],
    [{ writerPrincipalArns: 'arn:aws:iam::111111111111:role/ok,not-an-arn' }, 'writerPrincipalArns[1]'],
    [{ readerPrincipalArns: ['arn:aws:s3:::bucket'] }, 'readerPrincipalArns[0]'],
    [{ apiRateLimit: '12.5' }, 'apiRateLimit'],
    [{ apiBurstLimit: 0 }, 'apiBurstLimit'],
    [{ logRetentionDays: 100 }, 'logRetentionDays'],
    [{ alarmEmails: 'secops' }, 'alarmEmails[0]'],
    [{ archiveRetentionYears: 'seven' }, 'archiveRetentionYears'],
  ])('rejects %o naming %s', (values, field) => {
    expect(() => resolveAuditConfig(sourceOf(values))).toThrow(`Invalid config "${field}"`);
  });
});
