/**
 * Config errors a newcomer makes fail at synth with one line naming the context key:
 * resolveAuditConfig throws a ConfigError for each, and bin/app.ts prints only its message.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { resolveAuditConfig, type ConfigSource } from '../../lib/config';

const sourceOf =
  (values: Record<string, unknown>): ConfigSource =>
  (key) =>
    values[key];
const WRITER = 'arn:aws:iam::111111111111:role/dmis-api';
const READER = 'arn:aws:iam::222222222222:role/auditor';
const PROD = { stage: 'prod', writerPrincipalArns: WRITER, readerPrincipalArns: READER };

describe('resolveAuditConfig refuses, naming the context key', () => {
  it.each([
    ['prod without writer principals', { ...PROD, writerPrincipalArns: undefined }, 'writerPrincipalArns', /required for stage prod/],
    ['prod without reader principals', { ...PROD, readerPrincipalArns: '' }, 'readerPrincipalArns', /required for stage prod/],
    ['prod with a governance vault lock', { ...PROD, backupVaultLock: 'governance' }, 'backupVaultLock', /compliance/],
    ['an ARN that is not an IAM principal', { writerPrincipalArns: 'arn:aws:s3:::dmis-bucket' }, 'writerPrincipalArns[0]', /IAM role/],
    ['an account id where an ARN belongs', { readerPrincipalArns: [READER, '111111111111'] }, 'readerPrincipalArns[1]', /IAM role/],
    ['a break-glass principal that is not a role', { breakGlassRoleArn: 'arn:aws:iam::111111111111:root' }, 'breakGlassRoleArn', /role ARN/],
    ['a signing key that is not a KMS key ARN', { signingKeyArn: 'alias/dmis-signing' }, 'signingKeyArn', /KMS key ARN/],
    ['an auditor address that is not an e-mail', { auditorEmails: 'auditor-at-example' }, 'auditorEmails[0]', /email address/],
    ['an archive retention below 7 years', { archiveRetentionYears: '5' }, 'archiveRetentionYears', /from 7/],
    ['a security log retention below 7 years', { securityLogRetentionDays: 1827 }, 'securityLogRetentionDays', /at least 2557/],
    ['an e-mail that is not an address', { alarmEmails: 'secops@example.gov,secops' }, 'alarmEmails[1]', /email address/],
    ['an unknown vault lock mode', { backupVaultLock: 'strict' }, 'backupVaultLock', /none, governance, compliance/],
    ['rule overrides that are not JSON', { monitoringRuleOverrides: "{failed-logins: 3}" }, 'monitoringRuleOverrides', /must be JSON/],
    ['a brute-force window that is not whole minutes', { bruteForceWindowSeconds: '90' }, 'bruteForceWindowSeconds', /whole minutes/],
  ])('%s', (_name, values, key, problem) => {
    const resolve = () => resolveAuditConfig(sourceOf(values));

    expect(resolve).toThrow(`Invalid config "${key}": `);
    expect(resolve).toThrow(problem);
  });

  it('accepts prod with both principal lists, defaulting to a compliance vault lock', () => {
    expect(resolveAuditConfig(sourceOf(PROD))).toMatchObject({ stage: 'prod', backupVaultLock: 'compliance' });
  });
});

const APP = fileURLToPath(new URL('../../bin/app.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/** Runs the CDK app as `cdk synth` does, with context in CDK_CONTEXT_JSON. */
function runApp(context: Record<string, unknown>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context) };
    execFile(TSX, [APP], { env, timeout: 60_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr });
    });
  });
}

describe('bin/app.ts on a config error', () => {
  it('exits 1 printing one line that names the key, without a stack trace', async () => {
    const { code, stderr } = await runApp({ stage: 'prod', readerPrincipalArns: READER });

    expect({ code, lines: stderr.trim().split('\n') }).toEqual({
      code: 1,
      lines: [expect.stringMatching(/^Invalid config "writerPrincipalArns": is required for stage prod/)],
    });
  }, 90_000);
});
