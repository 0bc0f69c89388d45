/**
 * The SIEM context keys through lib/config.ts: destinations validated by the one schema,
 * a bad value named by its path, `file:<path>`, the down alarm minutes and the VPC, and a
 * secret value given in place of an ARN refused without being echoed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, resolveAuditConfig } from '../../lib/config';
import { DEFAULT_SIEM_DOWN_ALARM_MINUTES } from '../../lib/siem-config';
import { SIEM_CONTEXT, SIEM_DESTINATIONS, SIEM_VPC, WEBHOOK_SECRET_VALUE } from './siem-context';

const resolve = (context: Record<string, unknown>) => resolveAuditConfig((key) => context[key]);
const errorOf = (context: Record<string, unknown>) => {
  try {
    resolve(context);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};
const [syslog, webhook, lake] = SIEM_DESTINATIONS;

describe('SIEM configuration', () => {
  it('has no SIEM forwarder without destinations', () => {
    expect(resolve({}).siem).toBeUndefined();
  });

  it('reads destinations, the down alarm minutes and the VPC from command-line JSON', () => {
    expect(resolve(SIEM_CONTEXT).siem).toEqual({ destinations: SIEM_DESTINATIONS, downAlarmMinutes: 20, vpc: SIEM_VPC });
  });

  it('reads destinations from cdk.json as an array, with the default down alarm and no VPC', () => {
    expect(resolve({ siemDestinations: [lake] }).siem).toEqual({
      destinations: [lake],
      downAlarmMinutes: DEFAULT_SIEM_DOWN_ALARM_MINUTES,
    });
  });

  it('reads destinations from file:<path>', () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'siem-config-')), 'siem.json');
    writeFileSync(file, JSON.stringify([syslog, webhook]));
    // Act
    const siem = resolve({ siemDestinations: `file:${file}` }).siem;
    // Assess
    expect(siem?.destinations).toEqual([syslog, webhook]);
  });

  it('names the field path of a bad destination value', () => {
    // Act
    const error = errorOf({ siemDestinations: [syslog, { ...webhook, url: 'http://siem.soc.example.gov/ingest' }] });
    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.field).toBe('siemDestinations[1].url');
  });

  it('refuses a webhook secret given in place of its ARN, without echoing it', () => {
    // Act
    const error = errorOf({ siemDestinations: [{ ...webhook, secret: WEBHOOK_SECRET_VALUE }] });
    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.field).toMatch(/^siemDestinations\[0\]/);
    expect(`${error.message} ${error.stack}`).not.toContain(WEBHOOK_SECRET_VALUE);
  });

  it('refuses two destinations of one name', () => {
    const error = errorOf({ siemDestinations: [lake, { ...lake, bucket: 'other-bucket' }] });
    expect({ field: error.field, message: error.message }).toEqual({
      field: 'siemDestinations',
      message: 'Invalid config "siemDestinations": names destination "security-lake" twice',
    });
  });

  it('refuses text that is not JSON, and a file that cannot be read', () => {
    expect(errorOf({ siemDestinations: '[{' }).field).toBe('siemDestinations');
    expect(errorOf({ siemDestinations: 'file:/nonexistent/siem.json' }).message).toContain('cannot read /nonexistent/siem.json');
  });

  it('refuses destinations too large for the function environment', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ ...syslog, name: `syslog-${i}` }));
    expect(errorOf({ siemDestinations: many }).message).toContain("Lambda's environment is 4 KB");
  });

  it('names the field path of a bad VPC placement', () => {
    const error = errorOf({ siemDestinations: [lake], siemVpc: JSON.stringify({ ...SIEM_VPC, subnetIds: ['subnet-1', 'nope'] }) });
    expect(error.field).toBe('siemVpc.subnetIds[0]');
  });

  it('refuses down alarm minutes that are not a whole number from 1 to 1440', () => {
    expect(errorOf({ siemDestinations: [lake], siemDownAlarmMinutes: '0' }).field).toBe('siemDownAlarmMinutes');
  });
});
